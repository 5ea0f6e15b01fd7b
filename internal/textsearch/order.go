package textsearch

import (
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collators are Vietnamese collators, one per concurrent caller (a collate.Collator keeps
// buffers and is not safe for concurrent use).
var collators = sync.Pool{New: func() any { return collate.New(language.Vietnamese) }}

// Compare orders a and b as a Vietnamese dictionary does (golang.org/x/text/collate):
// letters before their accented forms and tones, "Giải" before "Giáo", "Thành" before
// "Thuế", "Đ" between "D" and "E". It agrees with PostgreSQL's "vietnamese" collation
// (ICU vi-VN, schema/0022), which orders the lists the store reads.
func Compare(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(a, b)
}

// ComparePeople orders people's full names as Vietnamese lists do: by the given name (the
// last word) first, then by the whole name.
func ComparePeople(a, b string) int {
	if n := Compare(GivenName(a), GivenName(b)); n != 0 {
		return n
	}
	return Compare(a, b)
}

// GivenName is the last word of a Vietnamese full name ("Nguyễn Văn An" → "An").
func GivenName(full string) string {
	for i := len(full) - 1; i >= 0; i-- {
		if full[i] == ' ' {
			return full[i+1:]
		}
	}
	return full
}
