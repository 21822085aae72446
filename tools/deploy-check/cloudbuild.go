package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	"sigs.k8s.io/yaml"
)

// cloudBuild is the part of a Cloud Build config this check reads; unknown fields are refused.
type cloudBuild struct {
	Steps         []buildStep       `json:"steps"`
	Substitutions map[string]string `json:"substitutions"`
	Options       map[string]any    `json:"options"`
	Timeout       string            `json:"timeout"`
	Images        []string          `json:"images"`
}

type buildStep struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Args       []string `json:"args"`
	Env        []string `json:"env"`
	Dir        string   `json:"dir"`
	Entrypoint string   `json:"entrypoint"`
	WaitFor    []string `json:"waitFor"`
}

type cloudBuildReport struct {
	label    string
	steps    int
	findings []finding
}

// checkCloudBuild reads a cloudbuild.yaml and checks that, for every Deployment the overlay renders,
// the pipeline builds its image, pushes it after the build, points the overlay at the pushed tag
// after every push, applies the overlay after that, and waits for the Deployment's rollout after
// the apply — the order Cloud Build will really run (waitFor, or every earlier step without it).
func checkCloudBuild(file, overlay string) cloudBuildReport {
	report := cloudBuildReport{label: filepath.Base(file)}
	add := func(subject, format string, args ...any) {
		report.findings = append(report.findings, finding{subject: subject, message: fmt.Sprintf(format, args...)})
	}
	data, err := os.ReadFile(file)
	if err != nil {
		add("file", "cannot be read: %v", err)
		return report
	}
	var config cloudBuild
	if err := yaml.UnmarshalStrict(data, &config); err != nil {
		add("file", "not a Cloud Build config: %v", err)
		return report
	}
	report.steps = len(config.Steps)
	if _, ok := config.Substitutions["_TAG"]; !ok {
		add("substitutions", "no _TAG substitution for manual builds")
	}
	_, objects, _, err := renderOverlay(overlay)
	if err != nil {
		add("overlay", "%s cannot be rendered: %v", overlay, err)
		return report
	}
	var deployments []string
	for _, o := range objects {
		if _, ok := o.typed.(*appsv1.Deployment); ok {
			deployments = append(deployments, o.name)
		}
	}
	sort.Strings(deployments)
	if len(deployments) == 0 {
		add("overlay", "%s renders no Deployment", overlay)
		return report
	}

	before := stepOrder(config.Steps)
	find := func(match func(buildStep) bool) []string {
		var ids []string
		for _, step := range config.Steps {
			if match(step) {
				ids = append(ids, step.ID)
			}
		}
		return ids
	}
	command := func(step buildStep) string { return strings.Join(append([]string{step.Entrypoint}, step.Args...), " ") }
	overlayDir := filepath.ToSlash(filepath.Clean(overlay))

	apply := find(func(s buildStep) bool {
		c := command(s)
		return strings.Contains(c, "apply") && strings.Contains(c, "-k") && strings.Contains(c, overlayDir)
	})
	rollout := find(func(s buildStep) bool { return strings.Contains(command(s), "rollout status") })
	if len(apply) != 1 {
		add("steps", "%d steps apply -k %s (want one)", len(apply), overlayDir)
	}
	for _, name := range deployments {
		subject := "Deployment/" + name
		image := "/" + name + ":${_TAG}"
		builds := find(func(s buildStep) bool {
			return len(s.Args) > 0 && s.Args[0] == "build" && contains(s.Args, "SERVICE="+name) && containsSuffix(s.Args, image)
		})
		pushes := find(func(s buildStep) bool { return len(s.Args) > 0 && s.Args[0] == "push" && containsSuffix(s.Args, image) })
		sets := find(func(s buildStep) bool {
			return filepath.ToSlash(filepath.Clean(s.Dir)) == overlayDir && contains(s.Args, "set") && containsPrefixSuffix(s.Args, "fooddelivery/"+name+"=", image)
		})
		switch {
		case len(builds) != 1:
			add(subject, "%d steps build its image (want one with SERVICE=%s and a tag ending in %s)", len(builds), name, image)
		case len(pushes) != 1:
			add(subject, "%d steps push its image (want one)", len(pushes))
		case !before(builds[0], pushes[0]):
			add(subject, "step %s may push before %s has built the image", pushes[0], builds[0])
		case len(sets) != 1:
			add(subject, "%d steps set its image in %s (want one: kustomize edit set image fooddelivery/%s=…)", len(sets), overlayDir, name)
		case !before(pushes[0], sets[0]):
			add(subject, "step %s may point the overlay at the image before %s has pushed it", sets[0], pushes[0])
		case len(apply) == 1 && !before(sets[0], apply[0]):
			add(subject, "step %s may apply before %s has set the image", apply[0], sets[0])
		}
		waited := false
		for _, id := range rollout {
			step := config.Steps[indexOf(config.Steps, id)]
			if strings.Contains(command(step), name) && len(apply) == 1 && before(apply[0], id) {
				waited = true
			}
		}
		if !waited {
			add(subject, "no step waits for its rollout (kubectl rollout status) after the apply")
		}
	}
	return report
}

// stepOrder answers whether step a surely finishes before step b starts: b waits for a, directly
// or through the steps it waits for. A step without waitFor waits for every step before it;
// waitFor ['-'] starts at once.
func stepOrder(steps []buildStep) func(a, b string) bool {
	waits := map[string][]string{}
	for i, step := range steps {
		switch {
		case len(step.WaitFor) == 1 && step.WaitFor[0] == "-":
			waits[step.ID] = nil
		case len(step.WaitFor) > 0:
			waits[step.ID] = step.WaitFor
		default:
			for _, earlier := range steps[:i] {
				waits[step.ID] = append(waits[step.ID], earlier.ID)
			}
		}
	}
	return func(a, b string) bool {
		seen := map[string]bool{}
		var reaches func(id string) bool
		reaches = func(id string) bool {
			for _, dependency := range waits[id] {
				if dependency == a || (!seen[dependency] && func() bool { seen[dependency] = true; return reaches(dependency) }()) {
					return true
				}
			}
			return false
		}
		return reaches(b)
	}
}

func indexOf(steps []buildStep, id string) int {
	for i, step := range steps {
		if step.ID == id {
			return i
		}
	}
	return -1
}

func contains(values []string, want string) bool {
	for _, value := range values {
		if value == want {
			return true
		}
	}
	return false
}

func containsSuffix(values []string, suffix string) bool {
	for _, value := range values {
		if strings.HasSuffix(value, suffix) {
			return true
		}
	}
	return false
}

func containsPrefixSuffix(values []string, prefix, suffix string) bool {
	for _, value := range values {
		if strings.HasPrefix(value, prefix) && strings.HasSuffix(value, suffix) {
			return true
		}
	}
	return false
}
