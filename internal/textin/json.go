package textin

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// JSONRecords hands each object of a JSON array (its line: the item's index) or of JSON Lines
// (its line number) to each, and gathers each's problems (up to MaxErrors). text starts, after
// blanks, with "[" for an array.
func JSONRecords(text string, each func(raw []byte, line int) error) error {
	var errs Errors
	if t := bytes.TrimLeft([]byte(text), " \t\r\n"); len(t) > 0 && t[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(t, &items); err != nil {
			return fmt.Errorf("the input is not a valid JSON array: %w", err)
		}
		for i, it := range items {
			errs.Add(each(it, i))
		}
		return errs.Err()
	}
	for i, line := range bytes.Split([]byte(text), []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 {
			errs.Add(each(line, i+1))
		}
	}
	return errs.Err()
}
