package config

import (
	"fmt"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"
)

// checkSectionEnv refuses an environment variable named like a section of the
// configuration (DVC_TEMPORAL, DVC_HTTP, …): viper would let it replace the whole section
// and report the section's keys as empty. The error names the variable and the keys it
// probably meant: those whose value has the shape of its value, else all of the section.
func checkSectionEnv() error {
	var problems []string
	walkSections("", reflect.ValueOf(Defaults()), func(section string, val reflect.Value) {
		name := EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(section, ".", "_"))
		value, ok := os.LookupEnv(name)
		if !ok {
			return
		}
		var all, likely []string
		walk(section, val, func(key string, leaf reflect.Value) {
			env := EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
			all = append(all, env)
			if shapeFits(key, leaf, value) {
				likely = append(likely, env)
			}
		})
		if len(likely) == 0 {
			likely = all
		}
		problems = append(problems, fmt.Sprintf("%s names the section %q, not a key: set one of its keys instead, probably %s",
			name, section, strings.Join(likely, " or ")))
	})
	if len(problems) > 0 {
		return fmt.Errorf("config: %s", strings.Join(problems, "; "))
	}
	return nil
}

// walkSections calls section for every struct-valued key of val.
func walkSections(prefix string, val reflect.Value, section func(string, reflect.Value)) {
	t := val.Type()
	for i := range t.NumField() {
		f := val.Field(i)
		if f.Kind() != reflect.Struct || t.Field(i).Type.PkgPath() != t.PkgPath() {
			continue
		}
		key := t.Field(i).Tag.Get("mapstructure")
		if prefix != "" {
			key = prefix + "." + key
		}
		section(key, f)
		walkSections(key, f, section)
	}
}

// shapeFits tells whether value looks like a value of key: an address for a key ending
// in addr or address, a URL for url, a number for a numeric key.
func shapeFits(key string, leaf reflect.Value, value string) bool {
	last := key[strings.LastIndex(key, ".")+1:]
	_, _, hostPortErr := net.SplitHostPort(value)
	switch {
	case strings.Contains(value, "://"):
		return last == "url"
	case hostPortErr == nil:
		return strings.HasSuffix(last, "addr") || strings.HasSuffix(last, "address")
	}
	if _, err := strconv.Atoi(value); err == nil {
		switch leaf.Kind() {
		case reflect.Int, reflect.Int64:
			return leaf.Type().String() != "time.Duration"
		}
	}
	return false
}
