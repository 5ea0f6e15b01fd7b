package nationalportal

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
)

// Submit records sub as submitted on the portal now and delivers it as sub.Delivery
// says (listing it for pull, pushing it, or both). It returns the dossier's national
// code (MaHoSo). A submission without a procedure, an owner, or both a TechID and an ID
// number is refused with a Vietnamese reason.
func (s *Server) Submit(ctx context.Context, sub Submission) (string, error) {
	sub.ProcedureCode = strings.TrimSpace(sub.ProcedureCode)
	switch {
	case sub.ProcedureCode == "":
		return "", refusal("Chưa chọn thủ tục.")
	case strings.TrimSpace(sub.Owner) == "":
		return "", refusal("Chưa nhập họ tên chủ hồ sơ.")
	case strings.TrimSpace(sub.TechID) == "" && strings.TrimSpace(sub.IDNumber) == "":
		return "", refusal("Cần số định danh cá nhân hoặc TechID của chủ hồ sơ.")
	}
	if sub.Delivery == "" {
		sub.Delivery = "pull"
	}
	if sub.OwnerType == "" {
		sub.OwnerType = "1"
	}
	if p, ok := s.opts.Catalogue.procedure(sub.ProcedureCode); ok && sub.AgencyCode == "" {
		sub.AgencyCode = p.AgencyCode
	}
	now := s.now()
	s.store.mu.Lock()
	if s.store.seq == 0 {
		s.store.seq = randomStart() // the stand-in forgets its codes on restart: avoid reusing them
	}
	s.store.seq++
	prefix := sub.AgencyCode
	if prefix == "" {
		prefix = s.opts.UnitCode
	}
	d := &Sent{ID: strconv.Itoa(s.store.seq), SubmittedAt: now, Submission: sub, Pushes: []string{},
		Code: fmt.Sprintf("%s-%s-%05d", prefix, now.In(vietnam).Format("060102"), s.store.seq%100000)}
	s.store.st.Sent = append(s.store.st.Sent, d)
	s.store.mu.Unlock()
	if sub.Delivery == "push" || sub.Delivery == "both" {
		times := 1
		if s.store.duplicatingIntake() {
			times = 2
		}
		s.push(ctx, d.Code, times)
	}
	return d.Code, nil
}

// fields is the dossier as the portal sends it: PushedDossier's names, strings only.
func (d *Sent) fields() map[string]any {
	sub := d.Submission
	return map[string]any{
		"MaHoSo": d.Code, "MaTTHC": sub.ProcedureCode, "MaDonVi": sub.AgencyCode, "ChuHoSo": sub.Owner,
		"LoaiDoiTuong": sub.OwnerType, "MaDoiTuong": sub.TechID, "SoGiayToChuHoSo": sub.IDNumber,
		"Email": sub.Email, "SoDienThoai": sub.Phone, "DiaChi": sub.Address, "TrichYeuHoSo": sub.Summary,
		"NgayNopHoSo": d.SubmittedAt.In(vietnam).Format("20060102150405"),
	}
}

func (s *Server) sent(code string) (*Sent, bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	for _, d := range s.store.st.Sent {
		if d.Code == code {
			return d, true
		}
	}
	return nil, false
}

// push posts the dossier code to the province times times, recording each answer.
func (s *Server) push(ctx context.Context, code string, times int) {
	d, ok := s.sent(code)
	if !ok || s.opts.PushURL == "" {
		return
	}
	body := d.fields()
	files := []map[string]string{}
	for _, f := range d.Submission.Files {
		files = append(files, map[string]string{"TenTepDinhKem": f.Name, "MaThanhPhanHoSo": "", "Base64": base64.StdEncoding.EncodeToString(f.Content)})
	}
	body["TaiLieuNop"] = files
	raw, _ := json.Marshal(body)
	for range times {
		answer := s.pushOnce(ctx, raw)
		s.store.mu.Lock()
		d.Pushes = append(d.Pushes, answer)
		s.store.mu.Unlock()
	}
}

func (s *Server) pushOnce(ctx context.Context, raw []byte) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.opts.PushURL, bytes.NewReader(raw))
	if err != nil {
		return "lỗi: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if s.opts.PushToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.opts.PushToken)
	} else if len(s.opts.PushSecret) > 0 {
		ts := strconv.FormatInt(s.now().Unix(), 10)
		mac := hmac.New(sha256.New, s.opts.PushSecret)
		mac.Write([]byte(ts + "."))
		mac.Write(raw)
		req.Header.Set("X-DVC-Timestamp", ts)
		req.Header.Set("X-DVC-Signature", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return "lỗi kết nối: " + err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return fmt.Sprintf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(b)))
}

func (s *Server) handlePullToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		UserName string `json:"userName"`
		Password string `json:"password"`
	}
	if json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in) != nil ||
		in.UserName != s.opts.Username || in.Password != s.opts.Password {
		reply(w, http.StatusUnauthorized, map[string]any{"message": "Sai tên đăng nhập hoặc mật khẩu"})
		return
	}
	token := newToken()
	exp := s.now().Add(s.opts.SessionTTL)
	s.store.mu.Lock()
	s.store.sessions[token] = exp
	s.store.mu.Unlock()
	reply(w, http.StatusOK, map[string]any{"token": token, "refreshToken": newToken(),
		"refreshTokenExpiryTime": exp.Format("2006-01-02T15:04:05Z07:00")})
}

// bearer admits requests with a live bearer token.
func (s *Server) bearer(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !s.validSession(token) {
			reply(w, http.StatusUnauthorized, map[string]any{"message": "Token không hợp lệ hoặc đã hết hạn"})
			return
		}
		h(w, r)
	}
}

func (s *Server) handlePullList(w http.ResponseWriter, r *http.Request) {
	items := []map[string]string{}
	s.store.mu.Lock()
	for _, d := range s.store.st.Sent {
		if d.Acked || d.Submission.Delivery == "push" {
			continue
		}
		item := map[string]string{"id": d.ID, "maDonVi": d.Submission.AgencyCode, "maTTHC": d.Submission.ProcedureCode,
			"module": "DVCQG", "maHoSo": d.Code, "ngayTiepNhan": d.SubmittedAt.In(vietnam).Format("20060102150405"),
			"techId": d.Submission.TechID}
		items = append(items, item)
		if duplicating(r) {
			items = append(items, item)
		}
	}
	s.store.mu.Unlock()
	reply(w, http.StatusOK, map[string]any{"data": items})
}

func (s *Server) handlePullDetail(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.store.mu.Lock()
	var found *Sent
	for _, d := range s.store.st.Sent {
		if d.ID == id {
			found = d
		}
	}
	s.store.mu.Unlock()
	if found == nil {
		reply(w, http.StatusNotFound, map[string]any{"message": "Không tìm thấy hồ sơ " + id})
		return
	}
	data, _ := json.Marshal(found.fields())
	files := []map[string]any{}
	for i, f := range found.Submission.Files {
		files = append(files, map[string]any{"id": strconv.Itoa(i + 1), "loaiGiayTo": "", "tenGiayTo": f.Name,
			"tenTepDinhKem": f.Name, "huyGiayTo": false, "duLieuTepDinhKem": base64.StdEncoding.EncodeToString(f.Content)})
	}
	reply(w, http.StatusOK, map[string]any{"data": string(data), "fileDinhKem": files})
}

func (s *Server) handlePullAck(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Code     string `json:"maHoSo"`
		Received bool   `json:"daNhan"`
	}
	if json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in) != nil || !in.Received {
		reply(w, http.StatusBadRequest, map[string]any{"message": "Yêu cầu phải có maHoSo và daNhan=true"})
		return
	}
	d, ok := s.sent(in.Code)
	if !ok {
		reply(w, http.StatusNotFound, map[string]any{"message": "Không tìm thấy hồ sơ " + in.Code})
		return
	}
	s.store.mu.Lock()
	d.Acked, d.Acks = true, d.Acks+1
	s.store.mu.Unlock()
	reply(w, http.StatusOK, map[string]any{"success": true, "message": "Cập nhật trạng thái đã nhận thành công"})
}

// randomStart is a random first sequence number in [1, 90000).
func randomStart() int {
	n, err := rand.Int(rand.Reader, big.NewInt(89999))
	if err != nil {
		return 1
	}
	return int(n.Int64()) + 1
}

// refusal is a Vietnamese reason shown to the person who filled the stand-in's form.
type refusal string

func (r refusal) Error() string { return string(r) }
