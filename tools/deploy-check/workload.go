package main

import (
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// podRules says which of the pod rules apply to one kind of workload.
type podRules struct {
	probes         []probe
	requests       bool // requests.cpu and requests.memory
	memoryLimit    bool
	nonRoot        bool // runAsNonRoot and a numeric, non-zero runAsUser
	hardened       bool // no privilege escalation, read-only root, no capabilities, RuntimeDefault seccomp
	preStop        bool // a preStop hook that the grace period outlasts
	serviceAccount bool // a rendered service account of its own
}

type probe struct {
	field string
	of    func(*corev1.Container) *corev1.Probe
}

var (
	readiness = probe{"readinessProbe", func(c *corev1.Container) *corev1.Probe { return c.ReadinessProbe }}
	liveness  = probe{"livenessProbe", func(c *corev1.Container) *corev1.Probe { return c.LivenessProbe }}
	startup   = probe{"startupProbe", func(c *corev1.Container) *corev1.Probe { return c.StartupProbe }}
)

var (
	deploymentRules = podRules{
		probes: []probe{readiness, liveness, startup}, requests: true, memoryLimit: true,
		nonRoot: true, hardened: true, preStop: true, serviceAccount: true,
	}
	statefulSetRules = podRules{probes: []probe{readiness, liveness}, requests: true, nonRoot: true}
	// Jobs, CronJobs and DaemonSets: only what holds for every pod (pinned images, config references)
	anyPodRules = podRules{}
)

// checkPodSpec applies rules to a pod template; every workload kind goes through it.
func (o *overlay) checkPodSpec(owner object, spec *corev1.PodSpec, rules podRules) []note {
	var notes []note
	if rules.serviceAccount {
		notes = append(notes, o.checkServiceAccount(spec.ServiceAccountName)...)
	}
	if rules.preStop && spec.TerminationGracePeriodSeconds == nil {
		notes = append(notes, problem("terminationGracePeriodSeconds is not set"))
	}
	for i := range spec.InitContainers {
		notes = append(notes, checkContainer(spec, &spec.InitContainers[i], "init container", rules)...)
	}
	for i := range spec.Containers {
		notes = append(notes, checkContainer(spec, &spec.Containers[i], "container", rules)...)
	}
	return append(notes, o.checkConfigReferences(owner.subject(), spec)...)
}

func (o *overlay) checkServiceAccount(name string) []note {
	switch {
	case name == "":
		return []note{problem("serviceAccountName is not set")}
	case name == "default":
		return []note{problem("serviceAccountName is default: give the workload a service account of its own")}
	case !o.has("ServiceAccount", name):
		return []note{problem("serviceAccountName %s: that ServiceAccount is not rendered in the overlay", name)}
	}
	return nil
}

// checkContainer applies rules to one container. Init containers are held to everything but the
// probes and the preStop hook, which only long-running containers have.
func checkContainer(spec *corev1.PodSpec, c *corev1.Container, role string, rules podRules) []note {
	var messages []string
	longRunning := role == "container"
	if reason := unpinned(c.Image); reason != "" {
		messages = append(messages, fmt.Sprintf("image %q %s", c.Image, reason))
	}
	if longRunning {
		for _, p := range rules.probes {
			if p.of(c) == nil {
				messages = append(messages, "no "+p.field)
			}
		}
	}
	if rules.requests {
		for _, resource := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if _, ok := c.Resources.Requests[resource]; !ok {
				messages = append(messages, "no resources.requests."+string(resource))
			}
		}
	}
	if _, ok := c.Resources.Limits[corev1.ResourceMemory]; rules.memoryLimit && !ok {
		messages = append(messages, "no resources.limits.memory")
	}
	if rules.nonRoot {
		messages = append(messages, nonRootProblems(spec.SecurityContext, c.SecurityContext)...)
	}
	if rules.hardened {
		messages = append(messages, hardeningProblems(spec.SecurityContext, c.SecurityContext)...)
	}
	if rules.preStop && longRunning {
		messages = append(messages, preStopProblems(spec, c)...)
	}
	notes := make([]note, len(messages))
	for i, message := range messages {
		notes[i] = problem("%s %s: %s", role, c.Name, message)
	}
	return notes
}

func nonRootProblems(pod *corev1.PodSecurityContext, container *corev1.SecurityContext) []string {
	var runAsNonRoot *bool
	var runAsUser *int64
	if pod != nil {
		runAsNonRoot, runAsUser = pod.RunAsNonRoot, pod.RunAsUser
	}
	if container != nil {
		if container.RunAsNonRoot != nil {
			runAsNonRoot = container.RunAsNonRoot
		}
		if container.RunAsUser != nil {
			runAsUser = container.RunAsUser
		}
	}
	var messages []string
	if runAsNonRoot == nil || !*runAsNonRoot {
		messages = append(messages, "securityContext.runAsNonRoot is not true")
	}
	switch {
	case runAsUser == nil:
		messages = append(messages, "securityContext.runAsUser is not set (a numeric uid, at pod or container level)")
	case *runAsUser == 0:
		messages = append(messages, "securityContext.runAsUser is 0 (root)")
	}
	return messages
}

func hardeningProblems(pod *corev1.PodSecurityContext, container *corev1.SecurityContext) []string {
	if container == nil {
		container = &corev1.SecurityContext{}
	}
	var messages []string
	if container.AllowPrivilegeEscalation == nil || *container.AllowPrivilegeEscalation {
		messages = append(messages, "securityContext.allowPrivilegeEscalation is not false")
	}
	if container.ReadOnlyRootFilesystem == nil || !*container.ReadOnlyRootFilesystem {
		messages = append(messages, "securityContext.readOnlyRootFilesystem is not true")
	}
	if container.Capabilities == nil || !dropsAll(container.Capabilities.Drop) {
		messages = append(messages, "securityContext.capabilities.drop does not hold ALL")
	}
	seccomp := container.SeccompProfile
	if seccomp == nil && pod != nil {
		seccomp = pod.SeccompProfile
	}
	if seccomp == nil || seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault {
		messages = append(messages, "seccompProfile is not RuntimeDefault (at pod or container level)")
	}
	return messages
}

func dropsAll(capabilities []corev1.Capability) bool {
	for _, capability := range capabilities {
		if capability == "ALL" {
			return true
		}
	}
	return false
}

func preStopProblems(spec *corev1.PodSpec, c *corev1.Container) []string {
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
		return []string{"no lifecycle.preStop hook"}
	}
	sleep := preStopSeconds(c.Lifecycle.PreStop)
	if grace := spec.TerminationGracePeriodSeconds; grace != nil && *grace <= sleep {
		return []string{fmt.Sprintf("terminationGracePeriodSeconds %d is not greater than the preStop sleep of %d s", *grace, sleep)}
	}
	return nil
}

// preStopSeconds is how long a preStop hook waits: a sleep action, or `sleep N` in an exec command
// (as in `sh -c "sleep 5"`); 0 for anything else.
func preStopSeconds(hook *corev1.LifecycleHandler) int64 {
	if hook.Sleep != nil {
		return hook.Sleep.Seconds
	}
	if hook.Exec == nil {
		return 0
	}
	words := strings.Fields(strings.Join(hook.Exec.Command, " "))
	for i := 0; i+1 < len(words); i++ {
		if path.Base(words[i]) != "sleep" {
			continue
		}
		if seconds, err := strconv.ParseFloat(strings.TrimSuffix(words[i+1], "s"), 64); err == nil {
			return int64(math.Ceil(seconds))
		}
	}
	return 0
}

// selectorMatchesTemplate reports whether a workload's own selector picks its template's pods (the
// API server refuses the workload otherwise).
func selectorMatchesTemplate(selector *metav1.LabelSelector, template *corev1.PodTemplateSpec) []note {
	if selector == nil {
		return []note{problem("spec.selector is not set")}
	}
	parsed, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return []note{problem("spec.selector: %v", err)}
	}
	if parsed.Empty() || !parsed.Matches(labels.Set(template.Labels)) {
		return []note{problem("spec.selector %s does not select the pod template's labels", parsed)}
	}
	return nil
}
