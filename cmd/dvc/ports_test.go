package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBusyPorts: `dvc dev` (and `dvc temporal`) with its ports taken stops before
// starting anything and says, one line each, which port is taken and which flag or
// variable changes it.
func TestBusyPorts(t *testing.T) {
	var taken []string
	for range 3 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = l.Close() }()
		taken = append(taken, l.Addr().(*net.TCPAddr).AddrPort().String())
	}
	port := func(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }
	data := filepath.Join(t.TempDir(), "data")
	var out, errOut bytes.Buffer
	started := time.Now()
	err := run(context.Background(), []string{"dev", "--data_dir", data, "--http.addr", taken[0],
		"--temporal.port", port(taken[1]), "--temporal.ui_port", port(taken[2])}, &out, &errOut)
	if err == nil {
		t.Fatal("dvc dev started on taken ports")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{"--http.addr or DVC_HTTP_ADDR", "--temporal.port or DVC_TEMPORAL_PORT", "--temporal.ui_port or DVC_TEMPORAL_UI_PORT"}
	if len(lines) != len(want) {
		t.Fatalf("want one line per taken port:\n%v", err)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], taken[i]) || !strings.Contains(lines[i], w) {
			t.Errorf("line %d does not name %s and %s: %s", i, taken[i], w, lines[i])
		}
	}
	if _, err := os.Stat(filepath.Join(data, "postgres")); !os.IsNotExist(err) || time.Since(started) > 10*time.Second {
		t.Errorf("dvc dev started PostgreSQL before checking its ports (%v, %s)", err, time.Since(started))
	}
	err = run(context.Background(), []string{"temporal", "--data_dir", data, "--temporal.port", port(taken[1]),
		"--temporal.ui_port", "-1"}, &out, &errOut)
	if err == nil || strings.Count(err.Error(), "\n") != 0 || !strings.Contains(err.Error(), "--temporal.port") {
		t.Errorf("dvc temporal on a taken port: %v", err)
	}
}
