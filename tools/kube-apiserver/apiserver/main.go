// Command kube-apiserver is the upstream Kubernetes API server (k8s.io/kubernetes/cmd/kube-apiserver/app),
// built here through the Go module proxy because no prebuilt binary can be downloaded. It lets the
// integration tests server-side dry-run the kustomize overlays against real schema validation and
// admission (PodSecurity among them). Started by scripts/lib/kube-apiserver.mjs.
package main

import (
	"os"
	_ "time/tzdata" // CronJob time zones, as upstream

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // --logging-format=json
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
