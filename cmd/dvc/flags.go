package main

import (
	"fmt"
	"io"
	"reflect"

	"github.com/spf13/pflag"

	"github.com/dvc-project/dvc/config"
)

// loadConfig parses the command's flags (one per configuration key, plus --config)
// and loads the configuration for mode.
func loadConfig(name string, args []string, mode string, stderr io.Writer) (config.Config, error) {
	return loadConfigWith(name, args, mode, stderr, nil)
}

// loadConfigWith is loadConfig with the command's own flags added by extra.
func loadConfigWith(name string, args []string, mode string, stderr io.Writer, extra func(*pflag.FlagSet)) (config.Config, error) {
	fs := pflag.NewFlagSet("dvc "+name, pflag.ContinueOnError)
	if extra != nil {
		extra(fs)
	}
	fs.SetOutput(stderr)
	file := fs.String("config", "", "YAML configuration file")
	defaults := config.Defaults()
	for _, key := range config.Keys() {
		fs.String(key, "", fmt.Sprintf("configuration key %s (default %v)", key, lookup(defaults, key)))
	}
	if err := fs.Parse(args); err != nil {
		return config.Config{}, err
	}
	if fs.NArg() > 0 {
		return config.Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return config.Load(*file, fs, mode)
}

// lookup returns the value of a dotted key in c, for help texts.
func lookup(c config.Config, key string) any {
	v := reflect.ValueOf(c)
	for v.Kind() == reflect.Struct {
		found := false
		for i := range v.NumField() {
			tag := v.Type().Field(i).Tag.Get("mapstructure")
			if key == tag {
				return v.Field(i).Interface()
			}
			if len(key) > len(tag) && key[:len(tag)+1] == tag+"." {
				v, key, found = v.Field(i), key[len(tag)+1:], true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return nil
}

func runConfig(args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("config", args, config.ModeProduction, stderr)
	if err != nil && cfg.Mode == "" {
		return err
	}
	for _, key := range config.Keys() {
		v := lookup(cfg, key)
		if secret[key] && v != "" {
			v = "(set)"
		}
		_, _ = fmt.Fprintf(stdout, "%-28s DVC_%s = %v\n", key, envName(key), v)
	}
	return err
}

// secret are the keys whose values (passwords, URLs that may hold one) `dvc config`
// shows only as "(set)".
var secret = map[string]bool{"database.url": true, "database.read_url": true, "temporal.database_url": true,
	"smtp.password": true}

func envName(key string) string {
	b := []byte(key)
	for i, c := range b {
		switch {
		case c == '.':
			b[i] = '_'
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
