package main

import (
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

// tree is a parsed YAML document.
type tree = map[string]any

// at walks keys down t; nil when a key is missing.
func at(t any, keys ...string) any {
	for _, k := range keys {
		m, ok := t.(tree)
		if !ok {
			return nil
		}
		t = m[k]
	}
	return t
}

func readYAML(path string, bad func(string, ...any)) tree {
	raw, err := os.ReadFile(path)
	if err != nil {
		bad("%s: %v", path, err)
		return nil
	}
	var t tree
	if err := yaml.Unmarshal(raw, &t); err != nil {
		bad("%s: %v", path, err)
		return nil
	}
	return t
}

// checkTemporalValues: the chart's images at the embedded versions, PostgreSQL for both
// stores, the UI's write actions off, its ingress behind authentication.
func checkTemporalValues(path string, v versions, bad func(string, ...any)) {
	t := readYAML(path, bad)
	if t == nil {
		return
	}
	want := map[string]string{
		"server.image.tag":     v.server,
		"admintools.image.tag": v.server,
		"web.image.tag":        v.ui,
		"server.config.persistence.default.sql.driver":                  "postgres12",
		"server.config.persistence.visibility.sql.driver":               "postgres12",
		"web.ingress.annotations.nginx.ingress.kubernetes.io/auth-type": "basic",
	}
	for key, w := range want {
		var got any
		if strings.HasPrefix(key, "web.ingress.annotations.") {
			got = at(t, "web", "ingress", "annotations", strings.TrimPrefix(key, "web.ingress.annotations."))
		} else {
			got = at(t, strings.Split(key, ".")...)
		}
		if fmt.Sprint(got) != w {
			bad("temporal-values.yaml: %s is %v, want %s", key, got, w)
		}
	}
	if n, ok := at(t, "server", "config", "numHistoryShards").(float64); !ok || n < 1 {
		bad("temporal-values.yaml: server.config.numHistoryShards must be set")
	}
	env := map[string]string{}
	for _, e := range asList(at(t, "web", "additionalEnv")) {
		env[fmt.Sprint(at(e, "name"))] = fmt.Sprint(at(e, "value"))
	}
	if env["TEMPORAL_DISABLE_WRITE_ACTIONS"] != "true" || env["TEMPORAL_AUTH_ENABLED"] != "true" {
		bad("temporal-values.yaml: the Web UI must run with TEMPORAL_DISABLE_WRITE_ACTIONS and TEMPORAL_AUTH_ENABLED true")
	}
	for _, dep := range []string{"elasticsearch", "cassandra"} {
		if at(t, dep, "enabled") != false {
			bad("temporal-values.yaml: %s must be disabled (visibility is in PostgreSQL)", dep)
		}
	}
}

func asList(x any) []any {
	l, _ := x.([]any)
	return l
}

// checkCompose: Temporal's images at the embedded versions, no image left unpinned but
// the one built here, the UI unpublished behind the proxy's password, dvc's parts with
// health checks on /readyz, and every dependency naming a service of the file.
func checkCompose(path string, v versions, bad func(string, ...any)) {
	t := readYAML(path, bad)
	if t == nil {
		return
	}
	services, _ := at(t, "services").(tree)
	if len(services) == 0 {
		bad("docker-compose.yml: no services")
		return
	}
	pinned := map[string]string{"temporalio/server": v.server, "temporalio/admin-tools": v.server, "temporalio/ui": v.ui}
	for name, s := range services {
		image := fmt.Sprint(at(s, "image"))
		repo, tag, _ := strings.Cut(image, ":")
		if w, ok := pinned[repo]; ok && tag != w {
			bad("docker-compose.yml: %s runs %s, want tag %s", name, image, w)
		}
		if at(s, "build") == nil && (tag == "" || tag == "latest") {
			bad("docker-compose.yml: %s's image %q is not pinned", name, image)
		}
		deps, _ := at(s, "depends_on").(tree)
		for dep := range deps {
			if services[dep] == nil {
				bad("docker-compose.yml: %s depends on %s, which is not a service", name, dep)
			}
		}
	}
	if at(services, "temporal-ui", "ports") != nil {
		bad("docker-compose.yml: the Temporal UI must not be published (the proxy asks for a password)")
	}
	for _, name := range []string{"api", "worker"} {
		test := fmt.Sprint(at(services, name, "healthcheck", "test"))
		if !strings.Contains(test, "/readyz") {
			bad("docker-compose.yml: %s has no health check on /readyz", name)
		}
	}
}
