// Command etcd is a plain etcd server built from go.etcd.io/etcd/server/v3, so the local
// kube-apiserver (scripts/lib/kube-apiserver.mjs) has a backing store without a prebuilt download.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
