package calendar_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
)

// TestAppoint: the first dossier, asked in UTC, answered in Vietnam's time with
// its explanation, calendar version and rule set; version 1 (without the swap) gives the
// old Monday.
func TestAppoint(t *testing.T) {
	h := calendar.Default()
	req := calendar.Request{
		Rules:    domain.RuleSet{Version: 7, Calendar: domain.DefaultCalendarSpec()},
		Policy:   domain.DueCivilCode,
		Duration: domain.Duration{Amount: 2, Unit: domain.UnitWorkingDays},
		// 02:15 UTC is 09:15 in Vietnam, Thursday 08/01/2026.
		ReceivedAt: time.Date(2026, 1, 8, 2, 15, 0, 0, time.UTC),
	}
	a, err := calendar.Appoint(h.Latest(), req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(a)
	var got struct {
		DueAt           string `json:"due_at"`
		Deemed          string `json:"deemed_received_at"`
		DueText         string `json:"due_text"`
		CalendarVersion int    `json:"calendar_version"`
		RuleSet         int    `json:"rule_set"`
		DurationText    string `json:"duration_text"`
		Steps           []struct {
			Kind, Text string
		} `json:"steps"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.DueAt != "2026-01-10T17:00:00+07:00" || got.Deemed != "2026-01-08T09:15:00+07:00" ||
		got.DueText != "17 giờ 00 phút, ngày 10/01/2026" || got.CalendarVersion != 3 || got.RuleSet != 7 ||
		got.DurationText != "2 ngày làm việc" {
		t.Fatalf("%s", data)
	}
	if !strings.Contains(string(data), "10/01/2026 (thứ Bảy) Làm bù cho ngày nghỉ 02/01/2026") {
		t.Fatalf("no explained worked Saturday: %s", data)
	}
	v1, _ := h.Version(1)
	if a, err = calendar.Appoint(v1, req); err != nil || a.DueText != "17 giờ 00 phút, ngày 12/01/2026" {
		t.Fatalf("version 1: %q, %v", a.DueText, err)
	}
	req.Rules.Calendar.Sessions = nil
	if _, err := calendar.Appoint(v1, req); err == nil {
		t.Fatal("accepted a rule set without office hours")
	}
}
