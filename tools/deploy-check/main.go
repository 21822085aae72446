// deploy-check renders and checks the deployment files offline, strictly:
//
//	deploy-check kustomize <overlay dir>...          kustomize overlays, decoded into the Kubernetes API types
//	deploy-check compose [-project-name NAME] <file>  a Compose file, loaded by the Compose Specification's loader
//	deploy-check cloudbuild <cloudbuild.yaml> <overlay dir>  the pipeline builds, pushes, sets, applies, then waits, in that order
//
// Every problem is printed as `<overlay or file>: <Kind>/<name>: <message>`, followed by one summary
// line per input. Exit code 0 when there is none, 1 when there is any, 2 for a wrong command line.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  deploy-check kustomize <overlay dir>...
  deploy-check compose [-project-name NAME] <compose file>...
  deploy-check cloudbuild <cloudbuild.yaml> <overlay dir>
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	flags := flag.NewFlagSet("deploy-check "+args[0], flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, usage) }
	projectName := "fooddelivery"
	if args[0] == "compose" {
		flags.StringVar(&projectName, "project-name", projectName, "the Compose project name")
	}
	if err := flags.Parse(args[1:]); err != nil || flags.NArg() == 0 {
		flags.Usage()
		return 2
	}
	problems := 0
	switch args[0] {
	case "kustomize":
		for _, dir := range flags.Args() {
			report := checkOverlay(dir)
			problems += printReport(stdout, report.label, report.findings, fmt.Sprintf("%d objects", report.objects))
		}
	case "compose":
		for _, file := range flags.Args() {
			report := checkCompose(file, projectName)
			problems += printReport(stdout, report.label, report.findings, fmt.Sprintf("%d services", report.services))
		}
	case "cloudbuild":
		if flags.NArg() != 2 {
			fmt.Fprint(stderr, usage)
			return 2
		}
		report := checkCloudBuild(flags.Arg(0), flags.Arg(1))
		problems += printReport(stdout, report.label, report.findings, fmt.Sprintf("%d steps", report.steps))
	default:
		fmt.Fprint(stderr, usage)
		return 2
	}
	if problems > 0 {
		return 1
	}
	return 0
}

// printReport writes the findings of one input and its summary line, and returns how many are problems.
func printReport(w io.Writer, label string, findings []finding, counted string) int {
	problems := 0
	for _, f := range findings {
		if f.info {
			fmt.Fprintf(w, "%s: %s: info: %s\n", label, f.subject, f.message)
			continue
		}
		problems++
		fmt.Fprintf(w, "%s: %s: %s\n", label, f.subject, f.message)
	}
	noun := "problems"
	if problems == 1 {
		noun = "problem"
	}
	fmt.Fprintf(w, "%s: %s, %d %s\n", label, counted, problems, noun)
	return problems
}
