package main

import (
	"fmt"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// finding is one line of the report: `<subject>: <message>`. An informational one does not fail
// the check.
type finding struct {
	subject string
	message string
	info    bool
}

// note is a finding about an object not yet named.
type note struct {
	message string
	info    bool
}

func problem(format string, args ...any) note { return note{message: fmt.Sprintf(format, args...)} }

func information(format string, args ...any) note {
	return note{message: fmt.Sprintf(format, args...), info: true}
}

// overlay is the rendered set of one overlay, indexed by kind and name.
type overlay struct {
	objects []object
	byKind  map[string]map[string]object
	// workloads are the Deployments and StatefulSets (and DaemonSets, for Services) with their pods' labels
	workloads []workload
	// externalSecrets are the Secrets used but not rendered, by name: who uses them (in order of use)
	externalSecrets     map[string][]string
	externalSecretNames []string
}

type workload struct {
	object
	podLabels labels.Set
	ports     []corev1.ContainerPort
}

func newOverlay(objects []object) *overlay {
	o := &overlay{objects: objects, byKind: map[string]map[string]object{}, externalSecrets: map[string][]string{}}
	for _, obj := range objects {
		if o.byKind[obj.gvk.Kind] == nil {
			o.byKind[obj.gvk.Kind] = map[string]object{}
		}
		o.byKind[obj.gvk.Kind][obj.name] = obj
		switch obj.typed.(type) {
		case *appsv1.Deployment, *appsv1.StatefulSet, *appsv1.DaemonSet:
			template := podTemplateOf(obj.typed)
			var ports []corev1.ContainerPort
			for _, c := range template.Spec.Containers {
				ports = append(ports, c.Ports...)
			}
			o.workloads = append(o.workloads, workload{object: obj, podLabels: labels.Set(template.Labels), ports: ports})
		}
	}
	return o
}

func (o *overlay) get(kind, name string) (object, bool) {
	obj, ok := o.byKind[kind][name]
	return obj, ok
}

func (o *overlay) has(kind, name string) bool {
	_, ok := o.get(kind, name)
	return ok
}

// selected are the workloads of the given kinds whose pods the selector picks.
func (o *overlay) selected(selector labels.Selector, kinds ...string) []workload {
	var matches []workload
	for _, w := range o.workloads {
		for _, kind := range kinds {
			if w.gvk.Kind == kind && selector.Matches(w.podLabels) {
				matches = append(matches, w)
			}
		}
	}
	return matches
}

// checkObjects runs the policy over one overlay's decoded objects, in their rendered order.
func checkObjects(objects []object) []finding {
	o := newOverlay(objects)
	namespace := o.namespace()
	scaled := map[string]string{} // workload → the HPA that scales it
	var findings []finding
	for _, obj := range objects {
		var notes []note
		switch t := obj.typed.(type) {
		case *appsv1.Deployment:
			if t.Spec.Replicas != nil {
				notes = append(notes, problem("spec.replicas is set (%d): the HorizontalPodAutoscaler owns the replica count", *t.Spec.Replicas))
			}
			notes = append(notes, selectorMatchesTemplate(t.Spec.Selector, &t.Spec.Template)...)
			notes = append(notes, o.checkPodSpec(obj, &t.Spec.Template.Spec, deploymentRules)...)
		case *appsv1.StatefulSet:
			if len(t.Spec.VolumeClaimTemplates) == 0 {
				notes = append(notes, problem("no volumeClaimTemplates"))
			}
			notes = append(notes, selectorMatchesTemplate(t.Spec.Selector, &t.Spec.Template)...)
			notes = append(notes, o.checkPodSpec(obj, &t.Spec.Template.Spec, statefulSetRules)...)
		case *appsv1.DaemonSet:
			notes = append(notes, selectorMatchesTemplate(t.Spec.Selector, &t.Spec.Template)...)
			notes = append(notes, o.checkPodSpec(obj, &t.Spec.Template.Spec, anyPodRules)...)
		case *batchv1.Job:
			notes = append(notes, o.checkPodSpec(obj, &t.Spec.Template.Spec, anyPodRules)...)
		case *batchv1.CronJob:
			notes = append(notes, o.checkPodSpec(obj, &t.Spec.JobTemplate.Spec.Template.Spec, anyPodRules)...)
		case *autoscalingv1.HorizontalPodAutoscaler:
			notes = append(notes, problem("must be autoscaling/v2, not autoscaling/v1"))
		case *autoscalingv2.HorizontalPodAutoscaler:
			notes = append(notes, o.checkAutoscaler(t, scaled)...)
		case *policyv1.PodDisruptionBudget:
			notes = append(notes, o.checkDisruptionBudget(t)...)
		case *corev1.Service:
			notes = append(notes, o.checkService(t)...)
		case *networkingv1.Ingress:
			notes = append(notes, o.checkIngress(t)...)
		}
		notes = append(notes, checkNamespace(obj, namespace)...)
		for _, n := range notes {
			findings = append(findings, finding{subject: obj.subject(), message: n.message, info: n.info})
		}
	}
	if namespace != "" && !o.has("Namespace", namespace) {
		findings = append(findings, finding{subject: "Namespace/" + namespace, message: "is not rendered, though the overlay's objects are in it"})
	}
	return append(findings, o.externalSecretNotes()...)
}

// namespace is the overlay's namespace: that of its one Namespace object, or else the one most of
// its objects are in.
func (o *overlay) namespace() string {
	if len(o.byKind["Namespace"]) == 1 {
		for name := range o.byKind["Namespace"] {
			return name
		}
	}
	counts := map[string]int{}
	for _, obj := range o.objects {
		if obj.namespace != "" {
			counts[obj.namespace]++
		}
	}
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		if counts[names[i]] != counts[names[j]] {
			return counts[names[i]] > counts[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

func checkNamespace(obj object, namespace string) []note {
	switch {
	case clusterScoped[obj.gvk.Kind] && obj.namespace != "":
		return []note{problem("is cluster-scoped but has namespace %s", obj.namespace)}
	case clusterScoped[obj.gvk.Kind]:
		return nil
	case obj.namespace == "":
		return []note{problem("has no namespace")}
	case obj.namespace != namespace:
		return []note{problem("is in namespace %s, the overlay's objects are in %s", obj.namespace, namespace)}
	}
	return nil
}

func (o *overlay) checkAutoscaler(hpa *autoscalingv2.HorizontalPodAutoscaler, scaled map[string]string) []note {
	var notes []note
	target := hpa.Spec.ScaleTargetRef
	subject := target.Kind + "/" + target.Name
	switch {
	case target.Kind != "Deployment" && target.Kind != "StatefulSet":
		notes = append(notes, problem("scaleTargetRef %s is not a Deployment or StatefulSet", subject))
	case target.APIVersion != "apps/v1":
		notes = append(notes, problem("scaleTargetRef %s has apiVersion %q, not apps/v1", subject, target.APIVersion))
	case !o.has(target.Kind, target.Name):
		notes = append(notes, problem("scaleTargetRef %s is not rendered in the overlay", subject))
	case scaled[subject] != "":
		notes = append(notes, problem("scaleTargetRef %s is already scaled by HorizontalPodAutoscaler/%s", subject, scaled[subject]))
	default:
		scaled[subject] = hpa.Name
	}
	minReplicas := int32(1) // the API's default
	if hpa.Spec.MinReplicas != nil {
		minReplicas = *hpa.Spec.MinReplicas
	}
	if minReplicas < 1 {
		notes = append(notes, problem("minReplicas %d is below 1", minReplicas))
	}
	if hpa.Spec.MaxReplicas < minReplicas {
		notes = append(notes, problem("maxReplicas %d is below minReplicas %d", hpa.Spec.MaxReplicas, minReplicas))
	}
	return notes
}

func (o *overlay) checkDisruptionBudget(pdb *policyv1.PodDisruptionBudget) []note {
	if pdb.Spec.Selector == nil || (len(pdb.Spec.Selector.MatchLabels) == 0 && len(pdb.Spec.Selector.MatchExpressions) == 0) {
		return []note{problem("has no selector (it would cover every pod of the namespace)")}
	}
	selector, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
	if err != nil {
		return []note{problem("spec.selector: %v", err)}
	}
	if len(o.selected(selector, "Deployment", "StatefulSet")) == 0 {
		return []note{problem("selector %s matches the pods of no Deployment or StatefulSet", selector)}
	}
	return nil
}

func (o *overlay) checkService(service *corev1.Service) []note {
	if len(service.Spec.Selector) == 0 {
		return nil // ExternalName, or endpoints managed by hand
	}
	selector := labels.SelectorFromSet(service.Spec.Selector)
	matches := o.selected(selector, "Deployment", "StatefulSet", "DaemonSet")
	if len(matches) == 0 {
		return []note{problem("selector %s matches the pods of no workload", selector)}
	}
	var notes []note
	for _, port := range service.Spec.Ports {
		if port.TargetPort.Type != intstr.String || declaresPort(matches, port.TargetPort.StrVal) {
			continue
		}
		notes = append(notes, problem("port %s: targetPort %q is not a container port name of the pods it selects", portLabel(port), port.TargetPort.StrVal))
	}
	return notes
}

func declaresPort(workloads []workload, name string) bool {
	for _, w := range workloads {
		for _, port := range w.ports {
			if port.Name == name {
				return true
			}
		}
	}
	return false
}

func portLabel(port corev1.ServicePort) string {
	if port.Name != "" {
		return port.Name
	}
	return fmt.Sprint(port.Port)
}

func (o *overlay) checkIngress(ingress *networkingv1.Ingress) []note {
	var backends []networkingv1.IngressBackend
	if ingress.Spec.DefaultBackend != nil {
		backends = append(backends, *ingress.Spec.DefaultBackend)
	}
	for _, rule := range ingress.Spec.Rules {
		if rule.HTTP == nil {
			continue
		}
		for _, path := range rule.HTTP.Paths {
			backends = append(backends, path.Backend)
		}
	}
	var notes []note
	seen := map[string]bool{}
	for _, backend := range backends {
		if backend.Service == nil {
			continue
		}
		n := o.checkBackend(backend.Service)
		if n != nil && !seen[n.message] {
			seen[n.message] = true
			notes = append(notes, *n)
		}
	}
	return notes
}

func (o *overlay) checkBackend(backend *networkingv1.IngressServiceBackend) *note {
	target, ok := o.get("Service", backend.Name)
	if !ok {
		n := problem("backend service %s is not rendered in the overlay", backend.Name)
		return &n
	}
	for _, port := range target.typed.(*corev1.Service).Spec.Ports {
		if (backend.Port.Name != "" && port.Name == backend.Port.Name) || (backend.Port.Name == "" && port.Port == backend.Port.Number) {
			return nil
		}
	}
	wanted := backend.Port.Name
	if wanted == "" {
		wanted = fmt.Sprint(backend.Port.Number)
	}
	n := problem("backend service %s has no port %s", backend.Name, wanted)
	return &n
}
