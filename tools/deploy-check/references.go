package main

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// configRef is one use of a ConfigMap or Secret by a pod: a whole one (envFrom, a volume without
// items) or one key of it.
type configRef struct {
	kind     string // ConfigMap or Secret
	name     string
	key      string // "" for the whole object
	optional bool
}

// checkConfigReferences: a ConfigMap a pod uses must be rendered in the overlay, with the keys it
// reads, unless the reference is optional. A Secret may come from outside the overlay (a secret
// manager, kubectl create secret): that is only noted, once per Secret (externalSecretNotes); a
// rendered one must hold the keys read.
func (o *overlay) checkConfigReferences(owner string, spec *corev1.PodSpec) []note {
	var notes []note
	seen := map[string]bool{}
	add := func(n note) {
		if !seen[n.message] {
			seen[n.message] = true
			notes = append(notes, n)
		}
	}
	for _, ref := range referencesOf(spec) {
		target, rendered := o.get(ref.kind, ref.name)
		switch {
		case !rendered && ref.kind == "Secret":
			o.useExternalSecret(ref.name, owner)
		case !rendered && ref.optional:
			add(information("ConfigMap %s (optional) is not rendered in the overlay", ref.name))
		case !rendered:
			add(problem("ConfigMap %s is not rendered in the overlay", ref.name))
		case ref.key != "" && !ref.optional && !holdsKey(target, ref.key):
			add(problem("%s %s has no key %s", ref.kind, ref.name, ref.key))
		}
	}
	return notes
}

func (o *overlay) useExternalSecret(name, owner string) {
	users := o.externalSecrets[name]
	if len(users) == 0 {
		o.externalSecretNames = append(o.externalSecretNames, name)
	}
	if !slices.Contains(users, owner) {
		o.externalSecrets[name] = append(users, owner)
	}
}

// externalSecretNotes: one line for each Secret that the overlay uses without rendering it.
func (o *overlay) externalSecretNotes() []finding {
	findings := make([]finding, len(o.externalSecretNames))
	for i, name := range o.externalSecretNames {
		findings[i] = finding{
			subject: "Secret/" + name,
			message: fmt.Sprintf("not rendered in the overlay: it must exist in the cluster (used by %s)", strings.Join(o.externalSecrets[name], ", ")),
			info:    true,
		}
	}
	return findings
}

func holdsKey(target object, key string) bool {
	switch t := target.typed.(type) {
	case *corev1.ConfigMap:
		_, text := t.Data[key]
		_, binary := t.BinaryData[key]
		return text || binary
	case *corev1.Secret:
		_, data := t.Data[key]
		_, text := t.StringData[key]
		return data || text
	}
	return false
}

func referencesOf(spec *corev1.PodSpec) []configRef {
	var refs []configRef
	containers := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
	for _, c := range containers {
		for _, from := range c.EnvFrom {
			if from.ConfigMapRef != nil {
				refs = append(refs, configRef{"ConfigMap", from.ConfigMapRef.Name, "", isTrue(from.ConfigMapRef.Optional)})
			}
			if from.SecretRef != nil {
				refs = append(refs, configRef{"Secret", from.SecretRef.Name, "", isTrue(from.SecretRef.Optional)})
			}
		}
		for _, env := range c.Env {
			if env.ValueFrom == nil {
				continue
			}
			if ref := env.ValueFrom.ConfigMapKeyRef; ref != nil {
				refs = append(refs, configRef{"ConfigMap", ref.Name, ref.Key, isTrue(ref.Optional)})
			}
			if ref := env.ValueFrom.SecretKeyRef; ref != nil {
				refs = append(refs, configRef{"Secret", ref.Name, ref.Key, isTrue(ref.Optional)})
			}
		}
	}
	for _, volume := range spec.Volumes {
		if source := volume.ConfigMap; source != nil {
			refs = append(refs, withItems("ConfigMap", source.Name, source.Items, isTrue(source.Optional))...)
		}
		if source := volume.Secret; source != nil {
			refs = append(refs, withItems("Secret", source.SecretName, source.Items, isTrue(source.Optional))...)
		}
		if volume.Projected == nil {
			continue
		}
		for _, projection := range volume.Projected.Sources {
			if source := projection.ConfigMap; source != nil {
				refs = append(refs, withItems("ConfigMap", source.Name, source.Items, isTrue(source.Optional))...)
			}
			if source := projection.Secret; source != nil {
				refs = append(refs, withItems("Secret", source.Name, source.Items, isTrue(source.Optional))...)
			}
		}
	}
	return refs
}

// withItems: a volume that lists items reads those keys, one without reads the whole object.
func withItems(kind, name string, items []corev1.KeyToPath, optional bool) []configRef {
	if len(items) == 0 {
		return []configRef{{kind, name, "", optional}}
	}
	refs := make([]configRef, len(items))
	for i, item := range items {
		refs[i] = configRef{kind, name, item.Key, optional}
	}
	return refs
}

func isTrue(value *bool) bool { return value != nil && *value }
