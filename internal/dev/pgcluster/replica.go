package pgcluster

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// replicaOptions are a replica's server options: queries on the standby hold back the
// primary's cleanup of rows they still read (hot_standby_feedback), rather than being
// cancelled by its replay, for the statistics' longer reads.
const replicaOptions = " -c hot_standby=on -c hot_standby_feedback=on"

// newCluster makes the cluster directory dir: an empty cluster (initdb), or with
// opts.ReplicaOf a base backup of that server (newReplica).
func newCluster(ctx context.Context, r runner, dir string, opts Options) error {
	if opts.ReplicaOf == nil {
		return initCluster(ctx, r, dir, opts)
	}
	return newReplica(ctx, r, dir, opts)
}

// newReplica copies the running server opts.ReplicaOf into dir with pg_basebackup, as a
// standby that streams its write-ahead log from it: -R writes primary_conninfo and
// standby.signal, and a permanent replication slot (named after dir) keeps the primary's
// log until the replica has it, so a replica that was down catches up when it is
// started again. The copy is made in a temporary sibling directory and renamed, like
// initCluster's. The primary must stay on its port.
func newReplica(ctx context.Context, r runner, dir string, opts Options) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("pgcluster: %s is not empty but has no PG_VERSION; remove it or pick another directory", dir)
	}
	tmp := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".basebackup")
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if r.cred != nil {
		if err := os.Chown(tmp, int(r.cred.Uid), int(r.cred.Gid)); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	p := opts.ReplicaOf
	args := []string{"-h", "127.0.0.1", "-p", strconv.Itoa(p.port), "-U", p.user, "-D", tmp,
		"-R", "-X", "stream", "-c", "fast", "-C", "-S", SlotName(dir)}
	if opts.Fast {
		args = append(args, "--no-sync")
	}
	if _, err := r.run(ctx, "pg_basebackup", args...); err != nil {
		return fmt.Errorf("pgcluster: base backup of %s: %w", p.dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return nil
}

// SlotName is the replication slot a replica in dir streams from.
func SlotName(dir string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(dir))
	return fmt.Sprintf("dvc_replica_%08x", h.Sum32())
}

// Kill sends SIGKILL to the postmaster, as the kernel's OOM killer or a failing machine
// would: nothing is flushed and the server's children exit once they see it gone. The
// next Start on the directory waits for them and runs crash recovery (a standby resumes
// replaying). For fault tests. Calling Stop, Crash or Kill again does nothing.
func (c *Cluster) Kill() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	c.watchdog.stop()
	if err := syscall.Kill(c.pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("pgcluster: kill %d: %w", c.pid, err)
	}
	if !waitExit(c.pid, 10*time.Second) {
		return fmt.Errorf("pgcluster: server process %d still alive after SIGKILL", c.pid)
	}
	c.stopped = true
	return nil
}

// PID is the postmaster's process id.
func (c *Cluster) PID() int { return c.pid }
