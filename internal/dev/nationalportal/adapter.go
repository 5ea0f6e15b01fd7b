package nationalportal

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// reply writes v as JSON with status.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type dupKey struct{}

// duplicating reports whether the duplicate fault is in force for this intake request.
func duplicating(r *http.Request) bool { return r.Context().Value(dupKey{}) != nil }

// buffer is a ResponseWriter that keeps the answer so that a fault can hold it back.
type buffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *buffer) Header() http.Header         { return b.header }
func (b *buffer) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *buffer) WriteHeader(status int)      { b.status = status }

// withFault applies the fault in force for scope around h.
func (s *Server) withFault(scope string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.serveFault(w, r, s.store.takeFault(scope), scope, h)
	}
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault, scope string, h http.HandlerFunc) {
	switch f.Mode {
	case FaultFail:
		reply(w, http.StatusServiceUnavailable, map[string]any{"error_code": "-1", "message": "Hệ thống đang bảo trì (giả lập lỗi)"})
	case FaultRefuse:
		msg := f.Message
		if msg == "" {
			msg = "Dữ liệu không hợp lệ (giả lập từ chối)"
		}
		s.store.refuse(strings.TrimPrefix(r.URL.Path, "/"), "", msg, true, s.now())
		reply(w, http.StatusOK, map[string]any{"error_code": "-1", "message": msg})
	case FaultDelay:
		b := &buffer{header: http.Header{}, status: http.StatusOK}
		h(b, r)
		s.sleep(r, f.Delay)
		copyBuffer(w, b)
	case FaultDuplicate:
		if scope != ScopeMessages {
			h(w, r.WithContext(context.WithValue(r.Context(), dupKey{}, true)))
			return
		}
		h(&buffer{header: http.Header{}}, r) // processed, but the answer is lost
		reply(w, http.StatusServiceUnavailable, map[string]any{"error_code": "-1", "message": "Hết thời gian chờ (giả lập mất câu trả lời)"})
	default:
		h(w, r)
	}
}

func copyBuffer(w http.ResponseWriter, b *buffer) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}

func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) handleAuth(w http.ResponseWriter, r *http.Request) {
	var in struct{ Username, Password string }
	if json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in) != nil ||
		in.Username != s.opts.Username || in.Password != s.opts.Password {
		reply(w, http.StatusOK, map[string]any{"error_code": 1, "message": "Sai tên đăng nhập hoặc mật khẩu"})
		return
	}
	token := newToken()
	s.store.mu.Lock()
	s.store.sessions[token] = s.now().Add(s.opts.SessionTTL)
	s.store.mu.Unlock()
	reply(w, http.StatusOK, map[string]any{"error_code": 0, "session": token, "message": "Xác thực thành công"})
}

// validSession reports whether token is a live session or bearer token.
func (s *Server) validSession(token string) bool {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	exp, ok := s.store.sessions[token]
	return ok && token != "" && s.now().Before(exp)
}

// ExpireSessions ends every session, as the portal does when its sessions time out.
func (s *Server) ExpireSessions() {
	s.store.mu.Lock()
	s.store.sessions = map[string]time.Time{}
	s.store.mu.Unlock()
}

// envelope is the integration and sharing request (§1.1).
type envelope struct {
	Session    string          `json:"session"`
	UnitCode   string          `json:"madonvi"`
	Service    string          `json:"service"`
	IsUpdating json.RawMessage `json:"isUpdating"`
	Data       json.RawMessage `json:"data"`
	Code       string          `json:"mahoso"`
}

// readEnvelope decodes and checks the envelope; it answers and returns false when bad.
func (s *Server) readEnvelope(w http.ResponseWriter, r *http.Request) (envelope, bool) {
	var e envelope
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<20)).Decode(&e); err != nil {
		reply(w, http.StatusBadRequest, map[string]any{"error_code": "-1", "message": "JSON không hợp lệ"})
		return e, false
	}
	if !s.validSession(e.Session) {
		reply(w, http.StatusOK, map[string]any{"error_code": "-2", "message": "Phiên làm việc không hợp lệ hoặc đã hết hạn"})
		return e, false
	}
	if e.UnitCode != s.opts.UnitCode {
		reply(w, http.StatusOK, map[string]any{"error_code": "-1", "message": "Mã đơn vị (madonvi) không đúng"})
		return e, false
	}
	return e, true
}

func (s *Server) handleIntegration(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		reply(w, http.StatusBadRequest, map[string]any{"error_code": "-1", "message": "Không đọc được yêu cầu"})
		return
	}
	var peek struct{ Service string }
	_ = json.Unmarshal(body, &peek)
	scope := ScopeAll
	if peek.Service == "DongBoHoSoMC" || peek.Service == "CapNhatTienDoHoSoMC" {
		scope = ScopeMessages
	}
	s.serveFault(w, r, s.store.takeFault(scope), scope, func(w http.ResponseWriter, r *http.Request) {
		r.Body = io.NopCloser(bytes.NewReader(body))
		e, ok := s.readEnvelope(w, r)
		if !ok {
			return
		}
		switch e.Service {
		case "DongBoHoSoMC":
			s.syncDossier(w, e)
		case "CapNhatTienDoHoSoMC":
			s.updateProgress(w, e)
		case "TraCuuHoSo":
			s.lookup(w, e)
		default:
			reply(w, http.StatusOK, map[string]any{"error_code": "-1", "message": "Dịch vụ không được hỗ trợ: " + e.Service})
		}
	})
}

func (s *Server) lookup(w http.ResponseWriter, e envelope) {
	result := []map[string]string{}
	s.store.mu.Lock()
	if rec, ok := s.store.st.Received[e.Code]; ok && len(rec.Snapshots) > 0 {
		result = append(result, map[string]string{"MaHoSo": e.Code, "TrangThaiHoSo": rec.Snapshots[len(rec.Snapshots)-1].Status})
	}
	s.store.mu.Unlock()
	reply(w, http.StatusOK, map[string]any{"error_code": "0", "message": "Tra cứu thành công", "result": result})
}

func (s *Server) handleShare(w http.ResponseWriter, r *http.Request) {
	e, ok := s.readEnvelope(w, r)
	if !ok {
		return
	}
	c := s.opts.Catalogue
	var result any
	switch e.Service {
	case "LayDanhMucCoQuan":
		result = c.Agencies
	case "LayDanhMucLinhVuc":
		result = c.Fields
	case "LayDanhSachTTHC":
		result = c.Procedures
	default:
		reply(w, http.StatusOK, map[string]any{"error_code": "-1", "message": "Dịch vụ không được hỗ trợ: " + e.Service})
		return
	}
	reply(w, http.StatusOK, map[string]any{"error_code": 0, "message": "Thành công", "result": result})
}
