package config

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// EnvPrefix prefixes every environment variable: database.url is DVC_DATABASE_URL.
const EnvPrefix = "DVC"

// Load builds the configuration from, in increasing priority: Defaults(), the YAML file
// at path (if path is not empty), DVC_* environment variables, and the flags of fs that
// were set on the command line (flag names are keys with dots, e.g. --http.addr).
// The result is validated. An environment variable named like a section (DVC_TEMPORAL)
// is refused, naming the keys it probably meant.
func Load(path string, fs *pflag.FlagSet, mode string) (Config, error) {
	if err := checkSectionEnv(); err != nil {
		return Config{}, err
	}
	v := viper.New()
	setDefaults(v, "", reflect.ValueOf(Defaults()))
	v.SetDefault("mode", mode)
	if mode == ModeDev {
		v.SetDefault("national.dev_standin", true) // dvc dev works on a fresh machine
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	if path != "" {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("config: read %s: %w", path, err)
		}
	}
	if fs != nil {
		var err error
		fs.Visit(func(f *pflag.Flag) {
			if isKey(f.Name) {
				if e := v.BindPFlag(f.Name, f); e != nil {
					err = e
				}
			}
		})
		if err != nil {
			return Config{}, fmt.Errorf("config: flags: %w", err)
		}
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, c.Validate()
}

// Keys lists every configuration key, dotted, in declaration order.
func Keys() []string {
	var keys []string
	walk("", reflect.ValueOf(Defaults()), func(key string, _ reflect.Value) { keys = append(keys, key) })
	return keys
}

func isKey(name string) bool {
	for _, k := range Keys() {
		if k == name {
			return true
		}
	}
	return false
}

// setDefaults gives every leaf key a default, so that environment variables override
// keys that no file mentions (viper only looks up env vars for keys it knows).
func setDefaults(v *viper.Viper, prefix string, val reflect.Value) {
	walk(prefix, val, func(key string, leaf reflect.Value) { v.SetDefault(key, leaf.Interface()) })
}

func walk(prefix string, val reflect.Value, leaf func(string, reflect.Value)) {
	t := val.Type()
	for i := range t.NumField() {
		key := t.Field(i).Tag.Get("mapstructure")
		if prefix != "" {
			key = prefix + "." + key
		}
		f := val.Field(i)
		if f.Kind() == reflect.Struct {
			walk(key, f, leaf)
			continue
		}
		leaf(key, f)
	}
}
