package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/json"
)

// builtins knows the Kubernetes API groups a deployment of ours may use; any other built-in kind is
// rejected as unknown. autoscaling/v1 is known only so that the policy can say it must be v2.
var builtins = func() *runtime.Scheme {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, autoscalingv1.AddToScheme, autoscalingv2.AddToScheme,
		batchv1.AddToScheme, policyv1.AddToScheme, networkingv1.AddToScheme, rbacv1.AddToScheme,
		schedulingv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return scheme
}()

// allowedCustomKinds are the operators' resources the overlays may hold. There are no Go types for
// them here: only their envelope (apiVersion, kind, metadata, spec, status) is checked strictly.
var allowedCustomKinds = map[schema.GroupVersionKind]bool{
	{Group: "monitoring.coreos.com", Version: "v1", Kind: "ServiceMonitor"}:          true,
	{Group: "monitoring.coreos.com", Version: "v1", Kind: "PrometheusRule"}:          true,
	{Group: "kafka.strimzi.io", Version: "v1beta2", Kind: "Kafka"}:                   true,
	{Group: "kafka.strimzi.io", Version: "v1beta2", Kind: "KafkaNodePool"}:           true,
	{Group: "kafka.strimzi.io", Version: "v1beta2", Kind: "KafkaTopic"}:              true,
	{Group: "postgresql.cnpg.io", Version: "v1", Kind: "Cluster"}:                    true,
	{Group: "mongodbcommunity.mongodb.com", Version: "v1", Kind: "MongoDBCommunity"}: true,
}

// clusterScoped are the known kinds that live outside any namespace.
var clusterScoped = map[string]bool{
	"Namespace": true, "PersistentVolume": true, "ClusterRole": true, "ClusterRoleBinding": true,
	"PriorityClass": true, "IngressClass": true,
}

// customResource is the envelope of an allowed custom kind.
type customResource struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              map[string]any `json:"spec,omitempty"`
	Status            map[string]any `json:"status,omitempty"`
}

// object is one rendered manifest, decoded.
type object struct {
	gvk       schema.GroupVersionKind
	name      string
	namespace string
	// typed is a pointer to the k8s.io/api struct (*appsv1.Deployment, …) or a *customResource
	typed any
}

func (o object) subject() string { return o.gvk.Kind + "/" + o.name }

// decode turns one manifest, as JSON, into its typed struct: unknown or duplicated fields, a value of
// the wrong type and an unknown kind are problems, and so are names and labels the API server
// refuses. The object is nil when it could not be decoded at all (an unknown kind, a mistyped
// value); after an unknown field it is whole (the field is just left out) and goes on to the policy.
func decode(data []byte, apiVersion, kind string) (any, []string) {
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return nil, []string{fmt.Sprintf("apiVersion %q: %v", apiVersion, err)}
	}
	gvk := gv.WithKind(kind)
	var typed any
	switch {
	case builtins.Recognizes(gvk):
		if typed, err = builtins.New(gvk); err != nil {
			return nil, []string{err.Error()}
		}
	case allowedCustomKinds[gvk]:
		typed = &customResource{}
	default:
		return nil, []string{fmt.Sprintf("unknown kind %s %s (neither a known Kubernetes kind nor an allowed custom resource)", apiVersion, kind)}
	}
	strict, err := json.UnmarshalStrict(data, typed)
	if err != nil {
		return nil, []string{"does not decode: " + err.Error()}
	}
	var problems []string
	for _, e := range strict {
		problems = append(problems, e.Error())
	}
	return typed, append(problems, validateMeta(typed)...)
}

// validateMeta checks what every object's metadata must satisfy, whatever its kind.
func validateMeta(typed any) []string {
	meta, ok := typed.(metav1.Object)
	if !ok {
		return []string{"has no metadata"}
	}
	var problems []string
	if meta.GetName() == "" {
		return []string{"metadata.name is not set"}
	}
	for _, msg := range validation.IsDNS1123Subdomain(meta.GetName()) {
		problems = append(problems, fmt.Sprintf("metadata.name %q: %s", meta.GetName(), msg))
	}
	for _, e := range metavalidation.ValidateLabels(meta.GetLabels(), field.NewPath("metadata", "labels")) {
		problems = append(problems, e.Error())
	}
	if template := podTemplateOf(typed); template != nil {
		for _, e := range metavalidation.ValidateLabels(template.Labels, field.NewPath("spec", "template", "metadata", "labels")) {
			problems = append(problems, e.Error())
		}
	}
	return problems
}

// podTemplateOf is the pod template of a workload kind, nil for any other kind.
func podTemplateOf(typed any) *corev1.PodTemplateSpec {
	switch o := typed.(type) {
	case *appsv1.Deployment:
		return &o.Spec.Template
	case *appsv1.StatefulSet:
		return &o.Spec.Template
	case *appsv1.DaemonSet:
		return &o.Spec.Template
	case *batchv1.Job:
		return &o.Spec.Template
	case *batchv1.CronJob:
		return &o.Spec.JobTemplate.Spec.Template
	}
	return nil
}
