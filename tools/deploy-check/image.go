package main

import "github.com/distribution/reference"

// unpinned says why an image reference does not pin a version ("" when it does): it needs a tag
// other than latest, or a digest. Shared by the Kubernetes and the Compose checks.
func unpinned(image string) string {
	if image == "" {
		return "is empty"
	}
	ref, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return "is not a valid image reference: " + err.Error()
	}
	if _, ok := ref.(reference.Digested); ok {
		return ""
	}
	tagged, ok := ref.(reference.Tagged)
	if !ok {
		return "has no tag or digest"
	}
	if tagged.Tag() == "latest" {
		return "uses the tag latest"
	}
	return ""
}
