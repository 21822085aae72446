package main

import (
	"path/filepath"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// overlayReport is what checking one overlay found.
type overlayReport struct {
	label    string
	objects  int
	findings []finding
}

// checkOverlay renders a kustomize overlay in-process (no kustomize or kubectl binary), decodes every
// rendered object strictly and runs the policy over the decoded set.
func checkOverlay(dir string) overlayReport {
	report := overlayReport{label: filepath.Base(filepath.Clean(dir))}
	rendered, objects, findings, err := renderOverlay(dir)
	if err != nil {
		report.findings = []finding{{subject: "kustomization", message: "kustomize build failed: " + err.Error()}}
		return report
	}
	report.objects = rendered
	report.findings = append(findings, checkObjects(objects)...)
	return report
}

// renderOverlay builds the overlay and decodes what it renders: how many objects it rendered, those
// that decode, and the findings of the decoding. An object that cannot be decoded at all is left
// out, so the policy only sees typed objects.
func renderOverlay(dir string) (int, []object, []finding, error) {
	kustomizer := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	resources, err := kustomizer.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return 0, nil, nil, err
	}
	var objects []object
	var findings []finding
	for _, resource := range resources.Resources() {
		gvk := schema.FromAPIVersionAndKind(resource.GetApiVersion(), resource.GetKind())
		subject := gvk.Kind + "/" + resource.GetName()
		data, err := resource.MarshalJSON()
		if err != nil {
			findings = append(findings, finding{subject: subject, message: "cannot be rendered as JSON: " + err.Error()})
			continue
		}
		typed, problems := decode(data, resource.GetApiVersion(), resource.GetKind())
		for _, problem := range problems {
			findings = append(findings, finding{subject: subject, message: problem})
		}
		if typed == nil {
			continue
		}
		objects = append(objects, object{gvk: gvk, name: resource.GetName(), namespace: resource.GetNamespace(), typed: typed})
	}
	return resources.Size(), objects, findings, nil
}
