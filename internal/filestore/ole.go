package filestore

import (
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// OLE compound files (the container of legacy .doc and .xls, but also of .msi installers,
// .msg mails and more) share one signature, so the kind is told by the streams at the
// root of the file: "WordDocument" for Word, "Workbook" or "Book" for Excel. The parser
// below reads just enough of the format ([MS-CFB]) to list those streams, checking every
// offset against the content so that a malformed file is refused rather than trusted.

// Special sector numbers and directory ids of [MS-CFB].
const (
	oleMaxRegSect = 0xFFFFFFFA // the highest regular sector number
	oleEndOfChain = 0xFFFFFFFE
	oleNoStream   = 0xFFFFFFFF
	oleDirEntry   = 128 // bytes in a directory entry
	oleHeaderFAT  = 109 // FAT sector numbers held in the header
)

// Directory entry object types.
const (
	oleStream = 2
	oleRoot   = 5
)

// oleFile is a compound file being read; its methods return ok=false on anything out of
// bounds or inconsistent.
type oleFile struct {
	b          []byte
	sectorSize int
	fat        []uint32 // sector numbers of the FAT sectors, in order
}

// detectOLE returns DOC or XLS for a compound file with the matching root stream, and ""
// otherwise (including other compound files and truncated content).
func detectOLE(content []byte) string {
	names, ok := oleRootStreams(content)
	if !ok {
		return ""
	}
	var word, excel bool
	for _, n := range names {
		switch {
		case strings.EqualFold(n, "WordDocument"):
			word = true
		case strings.EqualFold(n, "Workbook"), strings.EqualFold(n, "Book"):
			excel = true
		}
	}
	switch {
	case word && !excel:
		return DOC
	case excel && !word:
		return XLS
	}
	return ""
}

// oleRootStreams returns the names of the streams directly under the root storage.
func oleRootStreams(b []byte) ([]string, bool) {
	if len(b) < 512 {
		return nil, false
	}
	le := binary.LittleEndian
	if le.Uint16(b[0x1C:]) != 0xFFFE {
		return nil, false
	}
	f := &oleFile{b: b}
	switch major, shift := le.Uint16(b[0x1A:]), le.Uint16(b[0x1E:]); {
	case major == 3 && shift == 9:
		f.sectorSize = 512
	case major == 4 && shift == 12:
		f.sectorSize = 4096
	default:
		return nil, false
	}
	if !f.readFATSectors(le.Uint32(b[0x2C:]), le.Uint32(b[0x44:]), le.Uint32(b[0x48:])) {
		return nil, false
	}
	entries, ok := f.directory(le.Uint32(b[0x30:]))
	if !ok || len(entries) == 0 || entries[0][0x42] != oleRoot {
		return nil, false
	}
	// Walk the red-black tree of the root's children (left and right siblings).
	var names []string
	seen := make(map[uint32]bool)
	stack := []uint32{le.Uint32(entries[0][0x4C:])}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if id == oleNoStream {
			continue
		}
		if int64(id) >= int64(len(entries)) || seen[id] {
			return nil, false
		}
		seen[id] = true
		e := entries[id]
		if e[0x42] == oleStream {
			name, ok := oleName(e)
			if !ok {
				return nil, false
			}
			names = append(names, name)
		}
		stack = append(stack, le.Uint32(e[0x44:]), le.Uint32(e[0x48:]))
	}
	return names, true
}

// sectors is the number of whole or partial sectors after the header.
func (f *oleFile) sectors() int {
	return (len(f.b) - 1) / f.sectorSize // the header occupies sector "-1"
}

// sector returns the content of sector n (the last one may be short in a truncated file).
func (f *oleFile) sector(n uint32) ([]byte, bool) {
	if n > oleMaxRegSect || int64(n) >= int64(f.sectors()) {
		return nil, false
	}
	start := (int(n) + 1) * f.sectorSize
	return f.b[start:min(start+f.sectorSize, len(f.b))], true
}

// readFATSectors collects the numbers of the FAT sectors from the header and the DIFAT
// chain.
func (f *oleFile) readFATSectors(count, difat, difatCount uint32) bool {
	if int64(count) > int64(f.sectors()) || int64(difatCount) > int64(f.sectors()) {
		return false
	}
	le := binary.LittleEndian
	for i := 0; i < oleHeaderFAT && len(f.fat) < int(count); i++ {
		f.fat = append(f.fat, le.Uint32(f.b[0x4C+4*i:]))
	}
	for i := uint32(0); i < difatCount && len(f.fat) < int(count); i++ {
		s, ok := f.sector(difat)
		if !ok || len(s) < f.sectorSize {
			return false
		}
		last := f.sectorSize/4 - 1 // the last slot is the next DIFAT sector
		for j := 0; j < last && len(f.fat) < int(count); j++ {
			f.fat = append(f.fat, le.Uint32(s[4*j:]))
		}
		difat = le.Uint32(s[4*last:])
	}
	return len(f.fat) == int(count)
}

// next returns the sector that follows n in its chain.
func (f *oleFile) next(n uint32) (uint32, bool) {
	perSector := uint32(f.sectorSize / 4)
	idx := n / perSector
	if int64(idx) >= int64(len(f.fat)) {
		return 0, false
	}
	s, ok := f.sector(f.fat[idx])
	if !ok {
		return 0, false
	}
	off := int(n%perSector) * 4
	if off+4 > len(s) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(s[off:]), true
}

// directory returns the directory entries, following the chain from the first
// directory sector.
func (f *oleFile) directory(first uint32) ([][]byte, bool) {
	var entries [][]byte
	n := first
	for steps := 0; n != oleEndOfChain; steps++ {
		if steps > f.sectors() {
			return nil, false // a loop in the chain
		}
		s, ok := f.sector(n)
		if !ok || len(s) < f.sectorSize {
			return nil, false
		}
		for off := 0; off+oleDirEntry <= len(s); off += oleDirEntry {
			entries = append(entries, s[off:off+oleDirEntry])
		}
		if n, ok = f.next(n); !ok {
			return nil, false
		}
	}
	return entries, true
}

// oleName decodes the UTF-16LE name of a directory entry.
func oleName(e []byte) (string, bool) {
	size := int(binary.LittleEndian.Uint16(e[0x40:])) // bytes, with the terminating NUL
	if size < 2 || size > 64 || size%2 != 0 {
		return "", false
	}
	u := make([]uint16, size/2-1)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(e[2*i:])
	}
	return string(utf16.Decode(u)), true
}
