package main

import (
	"context"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// composeReport is what checking one Compose file found.
type composeReport struct {
	label    string
	services int
	findings []finding
}

// gatewayPort is the one port published outside a profile: the gateway's.
const gatewayPort = "8080"

// checkCompose loads a Compose file with the Compose Specification's own loader (schema validation,
// interpolation from an empty environment, so every variable needs a default; every profile
// enabled, so profiled services are checked too) and runs the policy over its services.
func checkCompose(file, projectName string) composeReport {
	report := composeReport{label: filepath.Base(file)}
	project, warnings, err := loadCompose(file, projectName)
	for _, warning := range warnings {
		report.findings = append(report.findings, finding{subject: "loader", message: composeLine(warning)})
	}
	if err != nil {
		report.findings = append(report.findings, finding{subject: "loader", message: composeLine(err.Error())})
		return report
	}
	report.services = len(project.Services)
	report.findings = append(report.findings, checkServices(project)...)
	return report
}

func loadCompose(file, projectName string) (*types.Project, []string, error) {
	absolute, err := filepath.Abs(file)
	if err != nil {
		return nil, nil, err
	}
	details := types.ConfigDetails{
		WorkingDir:  filepath.Dir(absolute),
		ConfigFiles: []types.ConfigFile{{Filename: absolute}},
		Environment: types.Mapping{},
	}
	var project *types.Project
	warnings := captureWarnings(func() {
		project, err = loader.LoadWithContext(context.Background(), details, func(options *loader.Options) {
			options.SetProjectName(projectName, true)
			options.Profiles = []string{"*"}
		})
	})
	return project, warnings, err
}

// captureWarnings runs load with the loader's log (logrus) turned into a list: an unset variable
// or an obsolete attribute is a finding, not a line on stderr.
func captureWarnings(load func()) []string {
	logger := logrus.StandardLogger()
	hook := &warningHook{}
	previousHooks := logger.ReplaceHooks(logrus.LevelHooks{})
	previousOutput := logger.Out
	logger.AddHook(hook)
	logger.SetOutput(io.Discard)
	defer func() {
		logger.ReplaceHooks(previousHooks)
		logger.SetOutput(previousOutput)
	}()
	load()
	return hook.messages
}

type warningHook struct {
	mu       sync.Mutex
	messages []string
}

func (h *warningHook) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

func (h *warningHook) Fire(entry *logrus.Entry) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.messages = append(h.messages, entry.Message)
	return nil
}

func checkServices(project *types.Project) []finding {
	names := make([]string, 0, len(project.Services))
	for name := range project.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	var findings []finding
	for _, name := range names {
		for _, n := range checkService(project, project.Services[name]) {
			findings = append(findings, finding{subject: "service/" + name, message: n.message, info: n.info})
		}
	}
	return findings
}

func checkService(project *types.Project, service types.ServiceConfig) []note {
	var notes []note
	if !hasHealthcheck(service) && !isOneShot(service) {
		notes = append(notes, problem(`no healthcheck (only a one-shot service, restart: "no", may go without)`))
	}
	if service.Build == nil {
		if reason := unpinned(service.Image); reason != "" {
			notes = append(notes, problem("image %q %s", service.Image, reason))
		}
	}
	// an undeclared named volume is the loader's own error (its consistency check)
	notes = append(notes, checkDependencies(project, service)...)
	return append(notes, checkPorts(service)...)
}

func hasHealthcheck(service types.ServiceConfig) bool {
	check := service.HealthCheck
	return check != nil && !check.Disable && len(check.Test) > 0 && check.Test[0] != "NONE"
}

func isOneShot(service types.ServiceConfig) bool { return service.Restart == types.RestartPolicyNo }

// checkDependencies: a service starts only once what it needs is healthy (or, for a one-shot task
// such as a migration, has completed); `depends_on: [x]` only waits for x to have started.
func checkDependencies(project *types.Project, service types.ServiceConfig) []note {
	var notes []note
	for _, name := range slices.Sorted(maps.Keys(service.DependsOn)) {
		dependency := service.DependsOn[name]
		target, known := project.Services[name]
		switch dependency.Condition {
		case types.ServiceConditionHealthy:
			if known && !hasHealthcheck(target) {
				notes = append(notes, problem("depends_on %s: condition service_healthy, but %s has no healthcheck", name, name))
			}
		case types.ServiceConditionCompletedSuccessfully:
			if known && !isOneShot(target) {
				notes = append(notes, problem(`depends_on %s: condition service_completed_successfully, but %s is not a one-shot service (restart: "no")`, name, name))
			}
		default:
			notes = append(notes, problem("depends_on %s: condition %s (use service_healthy or service_completed_successfully)", name, dependency.Condition))
		}
	}
	return notes
}

// checkPorts: outside a profile only the gateway publishes a port, and only 8080.
func checkPorts(service types.ServiceConfig) []note {
	if len(service.Profiles) > 0 {
		return nil
	}
	var notes []note
	for _, port := range service.Ports {
		published := port.Published
		if published == "" {
			published = "(random)"
		}
		switch {
		case service.Name != "gateway":
			notes = append(notes, problem("publishes port %s:%d: only the gateway publishes a port outside a profile", published, port.Target))
		case port.Published != gatewayPort:
			notes = append(notes, problem("publishes port %s:%d: the gateway publishes %s only", published, port.Target, gatewayPort))
		}
	}
	return notes
}

// composeLine formats a loader error, which may span lines, as one.
func composeLine(message string) string { return strings.Join(strings.Fields(message), " ") }
