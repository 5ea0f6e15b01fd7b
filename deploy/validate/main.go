// Command validate checks dvc's deployment files without a cluster or a Docker engine:
//
//   - every manifest in deploy/k8s is decoded strictly into the Kubernetes API's own Go
//     types (k8s.io/api): an unknown or misspelt field, a wrong type or an unknown kind
//     fails; each Deployment runs dvc's image with readiness on /readyz and liveness on
//     /healthz, and no image is ":latest";
//   - Temporal's Helm values (deploy/k8s/temporal-values.yaml) and the compose file pin
//     the Temporal server, its admin tools and its Web UI to the versions dvc's go.mod
//     embeds (go.temporal.io/server, github.com/temporalio/ui-server/v2), the UI with
//     write actions off and behind authentication, and the compose file's dependencies
//     name services it has.
//
// It is a module of its own, so that the Kubernetes packages stay out of dvc's: run it as
// `make deploy-check` (cd deploy/validate && go run . ../..; the argument is the
// repository's root). It prints what it checked and exits 1 on any problem.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// kinds maps apiVersion/kind to a new value of its Go type.
var kinds = map[string]func() any{
	"v1/Namespace":                           func() any { return &corev1.Namespace{} },
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                              func() any { return &corev1.Secret{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"v1/PersistentVolumeClaim":               func() any { return &corev1.PersistentVolumeClaim{} },
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"batch/v1/Job":                           func() any { return &batchv1.Job{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
	"networking.k8s.io/v1/Ingress":           func() any { return &networkingv1.Ingress{} },
}

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	versions, err := embedded(filepath.Join(root, "go.mod"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "validate:", err)
		os.Exit(1)
	}
	n := checkManifests(filepath.Join(root, "deploy", "k8s"), bad)
	checkTemporalValues(filepath.Join(root, "deploy", "k8s", "temporal-values.yaml"), versions, bad)
	checkCompose(filepath.Join(root, "docker-compose.yml"), versions, bad)
	fmt.Printf("validate: %d Kubernetes objects decoded strictly (k8s.io/api), Temporal's values and the compose file checked against go.mod (server %s, UI %s)\n",
		n, versions.server, versions.ui)
	for _, p := range problems {
		fmt.Println("  problem:", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Println("validate: ok")
}

// versions are what dvc's go.mod embeds.
type versions struct{ server, ui string }

// embedded reads the Temporal server's and the Web UI's versions from go.mod.
func embedded(goMod string) (versions, error) {
	raw, err := os.ReadFile(goMod)
	if err != nil {
		return versions{}, err
	}
	find := func(module string) string {
		m := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(module) + `\s+v(\S+)`).FindSubmatch(raw)
		if m == nil {
			return ""
		}
		return string(m[1])
	}
	v := versions{server: find("go.temporal.io/server"), ui: find("github.com/temporalio/ui-server/v2")}
	if v.server == "" || v.ui == "" {
		return v, errors.New("go.mod names no go.temporal.io/server or ui-server version")
	}
	return v, nil
}

// checkManifests decodes every document of every .yaml file in dir but Temporal's
// values, and checks the Deployments; it returns how many objects it decoded.
func checkManifests(dir string, bad func(string, ...any)) int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	sort.Strings(files)
	n := 0
	for _, f := range files {
		if filepath.Base(f) == "temporal-values.yaml" {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			bad("%s: %v", f, err)
			continue
		}
		for i, doc := range splitDocuments(raw) {
			obj, err := decode(doc)
			if err != nil {
				bad("%s, document %d: %v", filepath.Base(f), i+1, err)
				continue
			}
			n++
			if d, ok := obj.(*appsv1.Deployment); ok {
				checkDeployment(filepath.Base(f), d, bad)
			}
			if j, ok := obj.(*batchv1.Job); ok {
				checkImages(filepath.Base(f), j.Spec.Template.Spec.Containers, bad)
			}
		}
	}
	if n == 0 {
		bad("no manifest in %s", dir)
	}
	return n
}

// splitDocuments splits a YAML stream at its "---" lines, dropping empty documents.
func splitDocuments(raw []byte) [][]byte {
	var docs [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(raw), -1) {
		if strings.TrimSpace(stripComments(d)) != "" {
			docs = append(docs, []byte(d))
		}
	}
	return docs
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// decode turns a YAML document into its typed object, refusing unknown fields.
func decode(doc []byte) (any, error) {
	js, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return nil, err
	}
	var head struct{ APIVersion, Kind string }
	if err := json.Unmarshal(js, &head); err != nil {
		return nil, err
	}
	mk, ok := kinds[head.APIVersion+"/"+head.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %s %s", head.APIVersion, head.Kind)
	}
	obj := mk()
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(obj); err != nil {
		return nil, fmt.Errorf("%s: %w", head.Kind, err)
	}
	if err := dec.Decode(new(any)); err != io.EOF {
		return nil, fmt.Errorf("%s: trailing data", head.Kind)
	}
	return obj, nil
}

// checkDeployment: dvc's image with its command, readiness on /readyz, liveness on
// /healthz, selector matching the pod's labels.
func checkDeployment(file string, d *appsv1.Deployment, bad func(string, ...any)) {
	checkImages(file, d.Spec.Template.Spec.Containers, bad)
	for k, v := range d.Spec.Selector.MatchLabels {
		if d.Spec.Template.Labels[k] != v {
			bad("%s: %s's selector %s=%s does not match its pods' labels", file, d.Name, k, v)
		}
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		probe := func(name string, p *corev1.Probe, path string) {
			if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != path {
				bad("%s: %s/%s: no %s probe on %s", file, d.Name, c.Name, name, path)
			}
		}
		probe("readiness", c.ReadinessProbe, "/readyz")
		probe("liveness", c.LivenessProbe, "/healthz")
	}
}

func checkImages(file string, cs []corev1.Container, bad func(string, ...any)) {
	for _, c := range cs {
		if !strings.Contains(c.Image, ":") || strings.HasSuffix(c.Image, ":latest") {
			bad("%s: container %s: image %q is not pinned", file, c.Name, c.Image)
		}
	}
}
