package slips

import (
	"fmt"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/dossiercode"
)

// day is "23/03/2026".
func day(t time.Time) string { return t.In(dossiercode.Location).Format("02/01/2006") }

// hourDay is the forms' appointment style: "17 giờ 00 phút, ngày 23/03/2026".
func hourDay(t time.Time) string {
	t = t.In(dossiercode.Location)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), day(t))
}

// stamp is a table's short time: "08:15 23/11/2026".
func stamp(t time.Time) string { return t.In(dossiercode.Location).Format("15:04 02/01/2006") }

// dateLine is the place and date line of an administrative document (Decree
// 30/2020/NĐ-CP): "Bắc Kạn, ngày 05 tháng 3 năm 2026", with a leading zero for days
// under 10 and for months 1 and 2 only.
func dateLine(place string, t time.Time) string {
	t = t.In(dossiercode.Location)
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return fmt.Sprintf("%s, ngày %02d tháng %s năm %d", place, t.Day(), month, t.Year())
}

// upper is s in capitals, as the header prints names (Vietnamese letters included).
func upper(s string) string { return strings.ToUpper(s) }

// count is a number of documents as the forms write it: "01", "02", … "10".
func count(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("%02d", n)
}

// timingLabels name a completed step's timing in the process-control slip.
var timingLabels = map[string]string{"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
