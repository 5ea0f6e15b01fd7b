package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Strings is a list of strings as a PostgreSQL text[] column holds it (an account's
// roles, a select field's options). It scans the column's text form, so that the domain
// needs no driver.
type Strings []string

// Scan reads a one-dimensional array in PostgreSQL's text form ({a,"b c",NULL}); NULL
// elements read as "".
func (s *Strings) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case nil:
		*s = nil
		return nil
	case []byte:
		text = string(v)
	case string:
		text = v
	default:
		return fmt.Errorf("domain: cannot scan %T into Strings", src)
	}
	out, err := parseArray(text)
	if err != nil {
		return err
	}
	*s = out
	return nil
}

var errArray = errors.New("domain: malformed array")

// parseArray parses a one-dimensional array literal.
func parseArray(text string) ([]string, error) {
	if len(text) < 2 || text[0] != '{' || text[len(text)-1] != '}' {
		return nil, errArray
	}
	body := text[1 : len(text)-1]
	out := []string{}
	if body == "" {
		return out, nil
	}
	for i := 0; i <= len(body); {
		var elem strings.Builder
		quoted := i < len(body) && body[i] == '"'
		if quoted {
			i++
			for ; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' && i+1 < len(body) {
					i++
				}
				elem.WriteByte(body[i])
			}
			if i >= len(body) {
				return nil, errArray
			}
			i++ // closing quote
		} else {
			for ; i < len(body) && body[i] != ','; i++ {
				if body[i] == '\\' && i+1 < len(body) {
					i++
				}
				elem.WriteByte(body[i])
			}
		}
		v := elem.String()
		if !quoted && strings.EqualFold(v, "NULL") {
			v = ""
		}
		out = append(out, v)
		if i < len(body) && body[i] != ',' {
			return nil, errArray
		}
		i++
	}
	return out, nil
}
