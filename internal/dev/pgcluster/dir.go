package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// prepareDir creates the parent of dir if needed and returns dir as an
// absolute, symlink-free path; dir itself is made by initdb (see initCluster).
// Parents it had to create get mode 0755. As root (cred != nil) it checks that
// the postgres user can reach dir and owns an existing cluster there.
func prepareDir(dir string, cred *syscall.Credential) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("pgcluster: %w", err)
	}
	parent := filepath.Dir(dir)
	var created []string
	for d := parent; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		created = append(created, d)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("pgcluster: %w", err)
	}
	for _, d := range created { // in case the umask was strict
		if err := os.Chmod(d, 0o755); err != nil {
			return "", fmt.Errorf("pgcluster: %w", err)
		}
	}
	if parent, err = filepath.EvalSymlinks(parent); err != nil {
		return "", fmt.Errorf("pgcluster: %w", err)
	}
	dir = filepath.Join(parent, filepath.Base(dir))
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("pgcluster: %w", err)
	}
	if cred == nil {
		return dir, nil
	}
	var st syscall.Stat_t
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err == nil {
		if err := syscall.Stat(dir, &st); err != nil {
			return "", fmt.Errorf("pgcluster: %w", err)
		}
		if st.Uid != cred.Uid {
			return "", fmt.Errorf("pgcluster: cluster directory %s belongs to uid %d, not to the postgres user (uid %d)", dir, st.Uid, cred.Uid)
		}
	}
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if err := syscall.Stat(d, &st); err != nil {
			return "", fmt.Errorf("pgcluster: %w", err)
		}
		if !canSearch(st, cred) {
			return "", fmt.Errorf("pgcluster: the postgres user cannot reach %s: %s has mode %v and owner uid %d; "+
				"make it traversable (chmod o+x) or pick another directory", dir, d, fs.FileMode(st.Mode&0o777), st.Uid)
		}
		if d == filepath.Dir(d) {
			return dir, nil
		}
	}
}

// canSearch reports whether the user cred may traverse a directory with stat st.
func canSearch(st syscall.Stat_t, cred *syscall.Credential) bool {
	switch {
	case st.Uid == cred.Uid:
		return st.Mode&0o100 != 0
	case st.Gid == cred.Gid || slices.Contains(cred.Groups, st.Gid):
		return st.Mode&0o010 != 0
	default:
		return st.Mode&0o001 != 0
	}
}

// lockDir takes an exclusive flock on dir. Start locks the cluster directory's
// parent (which, unlike the cluster directory, is never replaced), so that two
// Starts on the same cluster, in this process or another, run one after the other.
func lockDir(ctx context.Context, dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("pgcluster: locking %s: %w", dir, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("pgcluster: waiting for lock on %s: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// readFrom returns the end of the file at path from offset, at most 4 KiB.
func readFrom(path string, offset int64) string {
	b, err := os.ReadFile(path)
	if err != nil || offset > int64(len(b)) {
		return ""
	}
	b = b[offset:]
	if len(b) > 4096 {
		b = b[len(b)-4096:]
	}
	return string(b)
}
