package app

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/dvc-project/dvc/config"
)

// portUse is a port a process of cfg would listen on, and the key that sets it.
type portUse struct{ key, addr string }

// CheckPorts tries every fixed port the parts of cfg would listen on (HTTP, metrics,
// profiles, the embedded Temporal server and its UI) before anything starts, and reports
// each one that is taken on a line of its own, with the flag and environment variable
// that change it. Port 0 (a free port) is not checked.
func CheckPorts(cfg config.Config, parts Parts) error {
	var uses []portUse
	if parts.API {
		uses = append(uses, portUse{"http.addr", cfg.HTTP.Addr})
	} else if parts.MetricsAddr != "" {
		uses = append(uses, portUse{"worker.metrics_addr", parts.MetricsAddr})
	}
	if cfg.Debug.PprofAddr != "" {
		uses = append(uses, portUse{"debug.pprof_addr", cfg.Debug.PprofAddr})
	}
	if cfg.Embedded() && cfg.Temporal.Address == "" {
		uses = append(uses, portUse{"temporal.port", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Temporal.Port))})
		if cfg.Temporal.UIPort > 0 {
			uses = append(uses, portUse{"temporal.ui_port", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Temporal.UIPort))})
		}
	}
	var problems []string
	for _, u := range uses {
		if _, port, err := net.SplitHostPort(u.addr); err != nil || port == "0" {
			continue
		}
		l, err := net.Listen("tcp", u.addr)
		if err != nil {
			env := config.EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(u.key, ".", "_"))
			problems = append(problems, fmt.Sprintf("%s is taken (%s): stop what uses it, or change it with --%s or %s",
				u.addr, u.key, u.key, env))
			continue
		}
		_ = l.Close()
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}
