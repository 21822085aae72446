package main

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestUnpinned(t *testing.T) {
	cases := []struct{ image, want string }{
		{"postgres:17.2", ""},
		{"example.org/shop/api:1.0.0", ""},
		{"localhost:5000/api:1.0.0", ""},
		{"postgres@sha256:2919d0172f7524b2d8df9e50066a682669e6d170ac0f6a49676d54358fe970b5", ""},
		{"postgres:latest@sha256:2919d0172f7524b2d8df9e50066a682669e6d170ac0f6a49676d54358fe970b5", ""},
		{"postgres", "has no tag or digest"},
		{"localhost:5000/api", "has no tag or digest"},
		{"postgres:latest", "uses the tag latest"},
		{"", "is empty"},
		{"Postgres:17", "is not a valid image reference: invalid reference format: repository name (library/Postgres) must be lowercase"},
	}
	for _, c := range cases {
		if got := unpinned(c.image); got != c.want {
			t.Errorf("unpinned(%q) = %q, want %q", c.image, got, c.want)
		}
	}
}

func TestPreStopSeconds(t *testing.T) {
	exec := func(command ...string) *corev1.LifecycleHandler {
		return &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: command}}
	}
	cases := []struct {
		name string
		hook *corev1.LifecycleHandler
		want int64
	}{
		{"sleep action", &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 10}}, 10},
		{"exec sleep", exec("sleep", "5"), 5},
		{"exec /bin/sleep with a unit", exec("/bin/sleep", "7s"), 7},
		{"shell", exec("/bin/sh", "-c", "sleep 2.5 && kill -TERM 1"), 3},
		{"exec without sleep", exec("node", "drain.js"), 0},
		{"http", &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/drain"}}, 0},
	}
	for _, c := range cases {
		if got := preStopSeconds(c.hook); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestNonRoot(t *testing.T) {
	yes, no := true, false
	root, user := int64(0), int64(1000)
	cases := []struct {
		name      string
		pod       *corev1.PodSecurityContext
		container *corev1.SecurityContext
		want      []string
	}{
		{"pod level", &corev1.PodSecurityContext{RunAsNonRoot: &yes, RunAsUser: &user}, nil, nil},
		{"container level", nil, &corev1.SecurityContext{RunAsNonRoot: &yes, RunAsUser: &user}, nil},
		{"container overrides pod", &corev1.PodSecurityContext{RunAsNonRoot: &yes, RunAsUser: &user}, &corev1.SecurityContext{RunAsNonRoot: &no},
			[]string{"securityContext.runAsNonRoot is not true"}},
		{"root uid", &corev1.PodSecurityContext{RunAsNonRoot: &yes, RunAsUser: &root}, nil,
			[]string{"securityContext.runAsUser is 0 (root)"}},
		{"nothing", nil, nil, []string{
			"securityContext.runAsNonRoot is not true",
			"securityContext.runAsUser is not set (a numeric uid, at pod or container level)",
		}},
	}
	for _, c := range cases {
		got := nonRootProblems(c.pod, c.container)
		if len(got) != len(c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}
	}
}
