package main

import (
	"bytes"
	"strings"
	"testing"
)

// runCommand runs the command line as main does and returns its exit code and output lines.
func runCommand(t *testing.T, args ...string) (int, []string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	if stderr.Len() > 0 && code != 2 {
		t.Errorf("unexpected stderr: %s", stderr.String())
	}
	return code, strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
}

func equalLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
