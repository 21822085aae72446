package main

import "testing"

func TestCommandLine(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"no subcommand", nil, 2},
		{"unknown subcommand", []string{"helm", "chart"}, 2},
		{"no overlay", []string{"kustomize"}, 2},
		{"no compose file", []string{"compose"}, 2},
		{"unknown flag", []string{"kustomize", "-x", "dir"}, 2},
		{"project name", []string{"compose", "-project-name", "demo", "testdata/compose/good.yaml"}, 0},
	}
	for _, c := range cases {
		if code, _ := runCommand(t, c.args...); code != c.code {
			t.Errorf("%s: exit code %d, want %d", c.name, code, c.code)
		}
	}
}
