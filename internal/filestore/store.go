package filestore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// DefaultMaxSize is the size limit of a Store whose MaxSize is not positive: 10 MiB.
const DefaultMaxSize int64 = 10 << 20

// Store keeps files under Dir as Dir/ab/cdef..., where "abcdef..." is the hex SHA-256 of
// the content: the first two hex characters name a sub-folder and the other 62 the file.
// Temporary files are created directly in Dir while a Put is in progress and are named
// ".tmp-*", so they never collide with stored files.
//
// A Store is safe for concurrent use, also by several processes sharing Dir.
type Store struct {
	// Dir is the root directory; it is created on the first Put if missing.
	Dir string
	// MaxSize is the largest accepted file in bytes; DefaultMaxSize when 0 (or negative).
	MaxSize int64
}

// Stored describes a stored file.
type Stored struct {
	// Hash is the hex (lower-case) SHA-256 of the content.
	Hash string
	// Size is the length of the content in bytes.
	Size int64
	// Type is the detected kind, one of the constants of this package.
	Type string
}

// Limit is the largest accepted file in bytes: MaxSize, or DefaultMaxSize when unset.
func (s *Store) Limit() int64 { return s.maxSize() }

func (s *Store) maxSize() int64 {
	if s.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return s.MaxSize
}

// Put reads r completely (at most MaxSize+1 bytes, so an oversized upload is refused
// without reading all of it), detects the kind from the content, and stores it
// atomically: the content is written to a temporary file in Dir, synced, and renamed to
// its final name. A file already present with that hash is not rewritten.
//
// Nothing is written to Dir before the content has passed the checks, and the temporary
// file is removed on failure. The errors are ErrTooLarge, ErrEmpty, ErrForbiddenType, or
// an I/O error from r or the file system.
func (s *Store) Put(r io.Reader) (Stored, error) {
	limit := s.maxSize()
	content, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Stored{}, fmt.Errorf("filestore: reading upload: %w", err)
	}
	switch {
	case int64(len(content)) > limit:
		return Stored{}, ErrTooLarge
	case len(content) == 0:
		return Stored{}, ErrEmpty
	}
	kind := Detect(content)
	if kind == "" {
		return Stored{}, ErrForbiddenType
	}
	sum := sha256.Sum256(content)
	st := Stored{Hash: hex.EncodeToString(sum[:]), Size: int64(len(content)), Type: kind}
	if err := s.write(st.Hash, content); err != nil {
		return Stored{}, err
	}
	return st, nil
}

// write stores content under hash unless a file is already there.
func (s *Store) write(hash string, content []byte) error {
	final := s.path(hash)
	if _, err := os.Lstat(final); err == nil {
		return nil // content-addressed: same name, same bytes
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("filestore: %w", err)
	}
	sub := filepath.Dir(final)
	if err := os.MkdirAll(sub, 0o750); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	tmp, err := os.CreateTemp(s.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(content); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	// Two concurrent Puts of the same content may both get here; the second rename
	// replaces the first file with identical bytes, which readers cannot tell apart
	// (an already open *os.File keeps reading the inode it opened).
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	done = true
	syncDir(sub) // make the rename durable; best effort
	return nil
}

// syncDir fsyncs a directory so that a rename into it survives a crash. Errors are
// ignored: some file systems do not support syncing directories.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // ignored, as said above
		d.Close()
	}
}

// Open returns the file with that hash, for reading. The hash must be 64 lower-case hex
// characters; anything else (such as a path) gives ErrNotFound without touching the file
// system. ErrNotFound is also returned when no such file is stored.
func (s *Store) Open(hash string) (*os.File, error) {
	if !validHash(hash) {
		return nil, ErrNotFound
	}
	f, err := os.Open(s.path(hash))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return f, nil
}

// path is where the file with that (valid) hash is stored.
func (s *Store) path(hash string) string {
	return filepath.Join(s.Dir, hash[:2], hash[2:])
}

// validHash reports whether h is 64 lower-case hex characters.
func validHash(h string) bool {
	if len(h) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
