package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Each fixture under testdata/kustomize is an overlay of testdata/kustomize/base (which passes every
// rule) that breaks some rules: the exact report is expected, so a rule that stops biting fails here.
func TestKustomizeOverlays(t *testing.T) {
	cases := []struct {
		overlay string
		code    int
		want    []string
	}{
		{
			overlay: "good", // the base with its image tag set by the overlay: every rule passes
			code:    0,
			want: []string{
				"good: 12 objects, 0 problems",
			},
		},
		{
			overlay: "replicas-and-probes", // replicas set and no probes
			code:    1,
			want: []string{
				"replicas-and-probes: Deployment/api: spec.replicas is set (3): the HorizontalPodAutoscaler owns the replica count",
				"replicas-and-probes: Deployment/api: container api: no readinessProbe",
				"replicas-and-probes: Deployment/api: container api: no livenessProbe",
				"replicas-and-probes: Deployment/api: container api: no startupProbe",
				"replicas-and-probes: 12 objects, 4 problems",
			},
		},
		{
			overlay: "unknown-field", // a misspelt field is rejected; the object still goes through the policy
			code:    1,
			want: []string{
				`unknown-field: Deployment/api: unknown field "spec.template.spec.containers[0].imagePullPolicyy"`,
				"unknown-field: 12 objects, 1 problem",
			},
		},
		{
			overlay: "mistyped", // a value of the wrong type: the object is rejected
			code:    1,
			want: []string{
				"mistyped: HorizontalPodAutoscaler/api: does not decode: json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec.spec.maxReplicas of type int32",
				"mistyped: 12 objects, 1 problem",
			},
		},
		{
			overlay: "kinds", // unknown kinds and custom resources outside the allow-list are rejected; allowed ones are checked strictly
			code:    1,
			want: []string{
				"kinds: Widget/gadget: unknown kind example.org/v1 Widget (neither a known Kubernetes kind nor an allowed custom resource)",
				"kinds: PodMonitor/api: unknown kind monitoring.coreos.com/v1 PodMonitor (neither a known Kubernetes kind nor an allowed custom resource)",
				`kinds: PrometheusRule/api: unknown field "specs"`,
				"kinds: 15 objects, 3 problems",
			},
		},
		{
			overlay: "security", // no security context
			code:    1,
			want: []string{
				"security: Deployment/api: container api: securityContext.runAsNonRoot is not true",
				"security: Deployment/api: container api: securityContext.runAsUser is not set (a numeric uid, at pod or container level)",
				"security: Deployment/api: container api: securityContext.allowPrivilegeEscalation is not false",
				"security: Deployment/api: container api: securityContext.readOnlyRootFilesystem is not true",
				"security: Deployment/api: container api: securityContext.capabilities.drop does not hold ALL",
				"security: Deployment/api: container api: seccompProfile is not RuntimeDefault (at pod or container level)",
				"security: 12 objects, 6 problems",
			},
		},
		{
			overlay: "resources-and-lifecycle", // no resources, too short a grace period, an unhardened init container
			code:    1,
			want: []string{
				"resources-and-lifecycle: Deployment/api: init container migrate: no resources.requests.cpu",
				"resources-and-lifecycle: Deployment/api: init container migrate: no resources.requests.memory",
				"resources-and-lifecycle: Deployment/api: init container migrate: no resources.limits.memory",
				"resources-and-lifecycle: Deployment/api: init container migrate: securityContext.allowPrivilegeEscalation is not false",
				"resources-and-lifecycle: Deployment/api: init container migrate: securityContext.readOnlyRootFilesystem is not true",
				"resources-and-lifecycle: Deployment/api: init container migrate: securityContext.capabilities.drop does not hold ALL",
				"resources-and-lifecycle: Deployment/api: container api: no resources.requests.cpu",
				"resources-and-lifecycle: Deployment/api: container api: no resources.requests.memory",
				"resources-and-lifecycle: Deployment/api: container api: no resources.limits.memory",
				"resources-and-lifecycle: Deployment/api: container api: terminationGracePeriodSeconds 5 is not greater than the preStop sleep of 5 s",
				"resources-and-lifecycle: 12 objects, 10 problems",
			},
		},
		{
			overlay: "images-and-account", // unpinned images and the default service account
			code:    1,
			want: []string{
				"images-and-account: Deployment/api: serviceAccountName is default: give the workload a service account of its own",
				`images-and-account: Deployment/api: container api: image "example.org/shop/api:latest" uses the tag latest`,
				`images-and-account: StatefulSet/db: container postgres: image "postgres" has no tag or digest`,
				"images-and-account: 12 objects, 3 problems",
			},
		},
		{
			overlay: "references", // ConfigMaps, Secrets and a service account that are not rendered or lack keys
			code:    1,
			want: []string{
				"references: Deployment/api: serviceAccountName ghost: that ServiceAccount is not rendered in the overlay",
				"references: Deployment/api: ConfigMap absent is not rendered in the overlay",
				"references: Deployment/api: info: ConfigMap maybe (optional) is not rendered in the overlay",
				"references: Deployment/api: ConfigMap api-config has no key COLOUR",
				"references: Deployment/api: Secret api-secrets has no key password",
				"references: Secret/api-tls: info: not rendered in the overlay: it must exist in the cluster (used by Deployment/api)",
				"references: 12 objects, 4 problems",
			},
		},
		{
			overlay: "workload-links", // HPAs, PDBs, Services and Ingresses that point at nothing rendered
			code:    1,
			want: []string{
				"workload-links: Service/api: selector app=apii matches the pods of no workload",
				"workload-links: HorizontalPodAutoscaler/api: scaleTargetRef Deployment/apii is not rendered in the overlay",
				"workload-links: HorizontalPodAutoscaler/api: minReplicas 0 is below 1",
				"workload-links: PodDisruptionBudget/api: selector app=apii matches the pods of no Deployment or StatefulSet",
				"workload-links: Ingress/api: backend service admin is not rendered in the overlay",
				"workload-links: Ingress/api: backend service api has no port https",
				`workload-links: Service/db: port postgres: targetPort "pg" is not a container port name of the pods it selects`,
				"workload-links: HorizontalPodAutoscaler/db: maxReplicas 2 is below minReplicas 3",
				"workload-links: HorizontalPodAutoscaler/legacy: must be autoscaling/v2, not autoscaling/v1",
				"workload-links: 14 objects, 9 problems",
			},
		},
		{
			overlay: "namespaces", // objects outside the overlay's namespace, and no Namespace object
			code:    1,
			want: []string{
				"namespaces: ConfigMap/elsewhere: is in namespace other, the overlay's objects are in shop",
				"namespaces: ConfigMap/nowhere: has no namespace",
				"namespaces: Namespace/shop: is not rendered, though the overlay's objects are in it",
				"namespaces: 13 objects, 3 problems",
			},
		},
		{
			overlay: "statefulset", // a StatefulSet without probes, requests, non-root user or volume claim templates
			code:    1,
			want: []string{
				"statefulset: StatefulSet/db: no volumeClaimTemplates",
				"statefulset: StatefulSet/db: container postgres: no readinessProbe",
				"statefulset: StatefulSet/db: container postgres: no livenessProbe",
				"statefulset: StatefulSet/db: container postgres: no resources.requests.cpu",
				"statefulset: StatefulSet/db: container postgres: no resources.requests.memory",
				"statefulset: StatefulSet/db: container postgres: securityContext.runAsNonRoot is not true",
				"statefulset: StatefulSet/db: container postgres: securityContext.runAsUser is not set (a numeric uid, at pod or container level)",
				"statefulset: 12 objects, 7 problems",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.overlay, func(t *testing.T) {
			code, got := runCommand(t, "kustomize", filepath.Join("testdata", "kustomize", c.overlay))
			equalLines(t, got, c.want)
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
		})
	}
}

func TestKustomizeBuildFailure(t *testing.T) {
	code, got := runCommand(t, "kustomize", filepath.Join("testdata", "kustomize", "build-error"))
	if code != 1 || len(got) != 2 {
		t.Fatalf("exit code %d, output %q", code, got)
	}
	if !strings.HasPrefix(got[0], "build-error: kustomization: kustomize build failed: ") || !strings.Contains(got[0], "missing.yaml") {
		t.Errorf("first line %q", got[0])
	}
	if got[1] != "build-error: 0 objects, 1 problem" {
		t.Errorf("summary %q", got[1])
	}
}

// Several overlays in one run: one report each, and the exit code says whether any had a problem.
func TestKustomizeSeveralOverlays(t *testing.T) {
	code, got := runCommand(t, "kustomize", "testdata/kustomize/base", "testdata/kustomize/good")
	equalLines(t, got, []string{"base: 12 objects, 0 problems", "good: 12 objects, 0 problems"})
	if code != 0 {
		t.Errorf("exit code %d", code)
	}
	if code, _ := runCommand(t, "kustomize", "testdata/kustomize/good", "testdata/kustomize/unknown-field"); code != 1 {
		t.Errorf("exit code %d with one failing overlay", code)
	}
}
