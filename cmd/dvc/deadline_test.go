package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestDeadlineCommand: `dvc deadline` without a database counts with the shipped
// calendar: the first case (received Thursday 08/01/2026 09:15, two working days,
// Saturday 10/01 worked in exchange for Friday 02/01) is due Saturday 10/01 at 17:00.
func TestDeadlineCommand(t *testing.T) {
	t.Setenv("DVC_DATABASE_URL", "")
	args := []string{"deadline", "--received-at", "2026-01-08T09:15:00+07:00", "--amount", "2", "--unit", "working_days"}
	t.Run("OK", func(t *testing.T) {
		var out bytes.Buffer
		if err := run(context.Background(), args, &out, &out); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Hẹn trả kết quả: 17 giờ 00 phút, ngày 10/01/2026 (2026-01-10T17:00:00+07:00)",
			"Vì sao ngày hẹn là ngày này?", "10/01/2026 (thứ Bảy) Làm bù cho ngày nghỉ 02/01/2026: ngày làm việc thứ 2"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
	})
	t.Run("JSON", func(t *testing.T) {
		var out bytes.Buffer
		if err := run(context.Background(), append(args, "--json", "--calendar-version", "1"), &out, &out); err != nil {
			t.Fatal(err)
		}
		var a struct {
			DueAt           string `json:"due_at"`
			CalendarVersion int    `json:"calendar_version"`
			Steps           []struct{ Text string }
		}
		if err := json.Unmarshal(out.Bytes(), &a); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
		// Version 1 lacked the swap: Monday 12/01.
		if a.DueAt != "2026-01-12T17:00:00+07:00" || a.CalendarVersion != 1 || len(a.Steps) == 0 {
			t.Errorf("got %+v", a)
		}
	})
	t.Run("ErrBadFlags", func(t *testing.T) {
		var out bytes.Buffer
		err := run(context.Background(), []string{"deadline", "--received-at", "hôm nay", "--amount", "0.3", "--unit", "working_days"}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "--received-at") || !strings.Contains(err.Error(), "--amount") {
			t.Errorf("error %v", err)
		}
		if err := run(context.Background(), append(args, "--policy", "lunar"), &out, &out); err == nil {
			t.Error("an unknown policy was accepted")
		}
	})
}
