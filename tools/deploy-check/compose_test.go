package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestComposeFiles(t *testing.T) {
	cases := []struct {
		file string
		code int
		want []string
	}{
		{
			file: "good.yaml", // every rule passes; ${GATEWAY_PORT:-8080} is interpolated to its default
			code: 0,
			want: []string{"good.yaml: 5 services, 0 problems"},
		},
		{
			file: "bad.yaml", // every rule fails
			code: 1,
			want: []string{
				`bad.yaml: loader: The "APP_SECRET" variable is not set. Defaulting to a blank string.`,
				`bad.yaml: service/app: no healthcheck (only a one-shot service, restart: "no", may go without)`,
				"bad.yaml: service/app: depends_on cache: condition service_healthy, but cache has no healthcheck",
				"bad.yaml: service/app: depends_on mongo: condition service_started (use service_healthy or service_completed_successfully)",
				`bad.yaml: service/app: depends_on worker: condition service_completed_successfully, but worker is not a one-shot service (restart: "no")`,
				"bad.yaml: service/app: publishes port 8081:8081: only the gateway publishes a port outside a profile",
				`bad.yaml: service/cache: no healthcheck (only a one-shot service, restart: "no", may go without)`,
				"bad.yaml: service/gateway: depends_on app: condition service_started (use service_healthy or service_completed_successfully)",
				"bad.yaml: service/gateway: publishes port 80:8080: the gateway publishes 8080 only",
				`bad.yaml: service/mongo: image "mongo:latest" uses the tag latest`,
				`bad.yaml: service/worker: no healthcheck (only a one-shot service, restart: "no", may go without)`,
				`bad.yaml: service/worker: image "example.org/worker" has no tag or digest`,
				"bad.yaml: 5 services, 12 problems",
			},
		},
		{
			file: "undeclared-volume.yaml", // the loader's consistency check
			code: 1,
			want: []string{
				"undeclared-volume.yaml: loader: service \"mongo\" refers to undefined volume mongo-data: invalid compose project",
				"undeclared-volume.yaml: 0 services, 1 problem",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			code, got := runCommand(t, "compose", filepath.Join("testdata", "compose", c.file))
			equalLines(t, got, c.want)
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
		})
	}
}

// The Compose Specification's schema rejects what it does not define (the message names the file
// by its absolute path).
func TestComposeSchemaValidation(t *testing.T) {
	code, got := runCommand(t, "compose", filepath.Join("testdata", "compose", "invalid.yaml"))
	if code != 1 || len(got) != 2 || !strings.HasPrefix(got[0], "invalid.yaml: loader: validating ") ||
		!strings.HasSuffix(got[0], "invalid.yaml: services.mongo.healthchek false schema") {
		t.Errorf("exit code %d, output %q", code, got)
	}
}
