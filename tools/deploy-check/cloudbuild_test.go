package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestCloudBuildOrder(t *testing.T) {
	cases := []struct {
		file string
		code int
		want []string
	}{
		{file: "good.yaml", code: 0, want: []string{"good.yaml: 5 steps, 0 problems"}},
		{
			file: "bad.yaml",
			code: 1,
			want: []string{
				"bad.yaml: substitutions: no _TAG substitution for manual builds",
				"bad.yaml: Deployment/api: 0 steps push its image (want one)",
				"bad.yaml: Deployment/api: no step waits for its rollout (kubectl rollout status) after the apply",
				"bad.yaml: 2 steps, 3 problems",
			},
		},
		{
			file: "racing.yaml",
			code: 1,
			want: []string{
				"racing.yaml: Deployment/api: step push-api may push before build-api has built the image",
				"racing.yaml: 5 steps, 1 problem",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"cloudbuild", filepath.Join("testdata", "cloudbuild", c.file), filepath.Join("testdata", "kustomize", "good")}, &stdout, &stderr)
			got := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			if code != c.code || strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("exit %d, report:\n%s\nwant exit %d, report:\n%s\nstderr: %s", code, strings.Join(got, "\n"), c.code, strings.Join(c.want, "\n"), stderr.String())
			}
		})
	}
}
