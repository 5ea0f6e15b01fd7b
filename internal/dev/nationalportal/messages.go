package nationalportal

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Field rules of §2.1–2.2 that the stand-in enforces.
var (
	syncRequired = []string{"MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "LoaiDoiTuong",
		"TrichYeuHoSo", "NgayTiepNhan", "TrangThaiHoSo", "HinhThuc", "DonViXuLy"}
	syncDates     = []string{"NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy", "NgayNopHoSo", "NgayTuChoi"}
	syncLists     = map[string]bool{"TaiLieuNop": true, "DanhSachGiayToKetQua": true, "DanhSachLePhi": true, "DanhSachTepDinhKemKhac": true, "DanhSachHoSoBoSung": true, "DinhDanhCHS": true, "DSKetNoiCSDL": true}
	progressReq   = []string{"MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "TrangThai"}
	progressDates = []string{"ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh"}
)

// checkStrings reports the first value of m that is not a string (lists of objects are
// allowed under the names in lists, and their values must be strings too, except the
// counts of DanhSachTepDinhKemKhac).
func checkStrings(m map[string]any, lists map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := m[k].(type) {
		case string:
		case []any:
			if !lists[k] {
				return k + " không phải chuỗi"
			}
			for i, item := range v {
				obj, ok := item.(map[string]any)
				if !ok {
					return fmt.Sprintf("%s[%d] không phải đối tượng", k, i)
				}
				for ik, iv := range obj {
					if _, ok := iv.(string); !ok && (k != "DanhSachTepDinhKemKhac" || (ik != "SoLuong" && ik != "LoaiGiayTo")) {
						return fmt.Sprintf("%s[%d].%s không phải chuỗi", k, i, ik)
					}
				}
			}
		default:
			return k + " không phải chuỗi"
		}
	}
	return ""
}

func checkFields(m map[string]any, required, dates []string, statusKey string) string {
	for _, k := range required {
		if s, _ := m[k].(string); strings.TrimSpace(s) == "" {
			return "thiếu " + k
		}
	}
	for _, k := range dates {
		s, _ := m[k].(string)
		if s == "" {
			continue
		}
		if _, err := time.Parse("20060102150405", s); err != nil || len(s) != 14 {
			return k + " không đúng định dạng yyyyMMddHHmmss: " + s
		}
	}
	st, _ := m[statusKey].(string)
	if n, err := strconv.Atoi(st); err != nil || n < 1 || n > 10 || strconv.Itoa(n) != st {
		return statusKey + " không thuộc 1–10: " + st
	}
	return ""
}

// entries decodes data as a list of objects, or answers and returns false.
func (s *Server) entries(w http.ResponseWriter, service string, data json.RawMessage) ([]map[string]any, bool) {
	var list []map[string]any
	if err := json.Unmarshal(data, &list); err != nil || len(list) == 0 {
		s.refuseMsg(w, service, "", "data phải là danh sách đối tượng không rỗng")
		return nil, false
	}
	return list, true
}

func (s *Server) refuseMsg(w http.ResponseWriter, service, code, reason string) {
	s.store.refuse(service, code, reason, false, s.now())
	reply(w, http.StatusOK, map[string]any{"error_code": "-1", "message": reason})
}

func (s *Server) syncDossier(w http.ResponseWriter, e envelope) {
	var updating string
	if json.Unmarshal(e.IsUpdating, &updating) != nil || (updating != "True" && updating != "False") {
		s.refuseMsg(w, "DongBoHoSoMC", "", `isUpdating phải là chuỗi "True" hoặc "False"`)
		return
	}
	list, ok := s.entries(w, "DongBoHoSoMC", e.Data)
	if !ok {
		return
	}
	for _, m := range list {
		code, _ := m["MaHoSo"].(string)
		reason := checkStrings(m, syncLists)
		if reason == "" {
			reason = checkFields(m, syncRequired, syncDates, "TrangThaiHoSo")
		}
		if reason == "" && updating == "False" && s.store.known(code) {
			reply(w, http.StatusOK, map[string]any{"error_code": "-3", "message": "Hồ sơ " + code + " đã tồn tại"})
			return
		}
		if reason == "" && updating == "True" && !s.store.known(code) {
			reason = "Hồ sơ " + code + " chưa được đồng bộ, không thể cập nhật"
		}
		if reason != "" {
			s.refuseMsg(w, "DongBoHoSoMC", code, reason)
			return
		}
	}
	for _, m := range list {
		raw, _ := json.Marshal(m) // map keys are sorted: canonical
		s.store.addSnapshot(m["MaHoSo"].(string), m["TrangThaiHoSo"].(string), updating == "True", raw, s.now())
	}
	reply(w, http.StatusOK, map[string]any{"error_code": "0", "message": "Đồng bộ thành công"})
}

func (s *Server) updateProgress(w http.ResponseWriter, e envelope) {
	list, ok := s.entries(w, "CapNhatTienDoHoSoMC", e.Data)
	if !ok {
		return
	}
	for _, m := range list {
		code, _ := m["MaHoSo"].(string)
		reason := checkStrings(m, nil)
		if reason == "" {
			reason = checkFields(m, progressReq, progressDates, "TrangThai")
		}
		if actor, _ := m["NguoiXuLy"].(string); reason == "" && utf8.RuneCountInString(actor) > 50 {
			reason = "NguoiXuLy dài quá 50 ký tự"
		}
		if reason == "" && !s.store.known(code) {
			reason = "Hồ sơ " + code + " chưa được đồng bộ (DongBoHoSoMC) trước khi cập nhật tiến độ"
		}
		if reason != "" {
			s.refuseMsg(w, "CapNhatTienDoHoSoMC", code, reason)
			return
		}
	}
	for _, m := range list {
		str := func(k string) string { v, _ := m[k].(string); return v }
		p := Progress{At: str("ThoiDiemXuLy"), Status: str("TrangThai"), Actor: str("NguoiXuLy"),
			Content: str("NoiDungXuLy"), ReceivedAt: s.now()}
		p.Key = strings.Join([]string{str("MaHoSo"), p.At, p.Status, p.Content, p.Actor}, "|")
		s.store.addProgress(p, str("MaHoSo"))
	}
	reply(w, http.StatusOK, map[string]any{"error_code": "0", "message": "Cập nhật tiến độ thành công"})
}
