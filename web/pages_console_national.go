package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/nationalportal"
)

// The administration of the national portal's connection (/can-bo/quan-tri/lien-thong):
// the outbox with the messages the portal refused (its reason; send again or discard),
// and the catalogue sync: the differences with the national catalogue shown first, then
// applied as shown; and the mapping of a local item to a national code.
func (s *Server) registerNationalAdminPages(g *gin.RouterGroup) {
	admin := s.consoleStaff(domain.RoleAdmin)
	g.GET("/quan-tri/lien-thong", admin, s.nationalOutboxPage)
	g.POST("/quan-tri/lien-thong/:id/:resolution", admin, s.nationalResolve)
	g.GET("/quan-tri/lien-thong/danh-muc", admin, s.nationalCataloguePage)
	g.POST("/quan-tri/lien-thong/danh-muc", admin, s.nationalCatalogueApply)
	g.POST("/quan-tri/lien-thong/anh-xa", admin, s.nationalMapping)
}

// stateLabels name the outbox's states.
var stateLabels = map[string]string{"pending": "Chờ gửi", "sent": "Đã gửi", "parked": "Bị từ chối, chờ xử lý",
	"discarded": "Đã huỷ"}

// nationalOutboxPage shows the outbox's counts and the messages of one state (trang_thai,
// default parked).
func (s *Server) nationalOutboxPage(c *gin.Context) {
	state := c.DefaultQuery("trang_thai", "parked")
	v, err := s.svc.NationalOutboxView(c, consoleAccount(c), state)
	if err != nil {
		s.pageError(c, err)
		return
	}
	notice := map[string]string{"gui-lai": "Đã đưa bản tin vào hàng đợi gửi lại.", "huy": "Đã huỷ bản tin."}[c.Query("da")]
	s.render(c, http.StatusOK, "console_national", s.consoleData(c, gin.H{"View": v, "State": state,
		"StateLabels": stateLabels, "Notice": notice}))
}

// nationalResolve sends a parked message again (gui-lai) or discards it (huy).
func (s *Server) nationalResolve(c *gin.Context) {
	res := c.Param("resolution")
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if (res != "gui-lai" && res != "huy") || err != nil {
		s.pageError(c, domain.NewError(domain.NotFound, "outbox_message_not_found", "Không tìm thấy bản tin."))
		return
	}
	if err := s.svc.ResolveParked(c, consoleAccount(c), id, res == "gui-lai"); err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/quan-tri/lien-thong?da="+res)
}

// opLabels name the catalogue sync's operations.
var opLabels = map[string]string{nationalportal.OpAdd: "Mới trên Cổng quốc gia", nationalportal.OpChange: "Khác tên",
	nationalportal.OpRemove: "Không còn trên Cổng quốc gia"}

// kindLabels name the catalogue's kinds.
var kindLabels = map[string]string{nationalportal.KindAgency: "Cơ quan", nationalportal.KindField: "Lĩnh vực",
	nationalportal.KindProcedure: "Thủ tục hành chính"}

// nationalCataloguePage compares the national catalogue with the local one and shows the
// differences, with the button that applies exactly them.
func (s *Server) nationalCataloguePage(c *gin.Context) {
	s.renderNationalCatalogue(c, http.StatusOK, gin.H{})
}

func (s *Server) renderNationalCatalogue(c *gin.Context, status int, data gin.H) {
	sync, err := s.svc.NationalCatalogue(c, consoleAccount(c))
	if err != nil {
		if _, ok := domain.Public(err); !ok {
			s.pageError(c, err)
			return
		}
		e, _ := domain.Public(err)
		data["Error"], data["ErrorCode"], status = e.Message, e.Code, max(status, httpx.Status(e))
	}
	if n := c.Query("da-ap-dung"); n != "" {
		data["Notice"] = "Đã áp dụng " + n + " thay đổi từ danh mục quốc gia."
	}
	if c.Query("da-anh-xa") != "" {
		data["Notice"] = "Đã cập nhật ánh xạ mã quốc gia."
	}
	if _, ok := data["Errors"]; !ok {
		data["Errors"] = map[string]string{}
	}
	data["Sync"], data["OpLabels"], data["KindLabels"] = sync, opLabels, kindLabels
	s.render(c, status, "console_national_catalogue", s.consoleData(c, data))
}

// nationalCatalogueApply applies the comparison the page showed (its digest).
func (s *Server) nationalCatalogueApply(c *gin.Context) {
	n, err := s.svc.ApplyNationalCatalogue(c, consoleAccount(c), c.PostForm("digest"))
	if err != nil {
		if _, ok := domain.Public(err); !ok {
			s.pageError(c, err)
			return
		}
		s.renderNationalCatalogue(c, http.StatusConflict, gin.H{"Error": apperrMessage(err)})
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/quan-tri/lien-thong/danh-muc?da-ap-dung="+strconv.Itoa(n))
}

// nationalMapping maps a local item to a national code.
func (s *Server) nationalMapping(c *gin.Context) {
	err := s.svc.SetNationalMapping(c, consoleAccount(c), c.PostForm("kind"), c.PostForm("local_code"), c.PostForm("national_code"))
	if err != nil {
		if _, ok := domain.Public(err); !ok {
			s.pageError(c, err)
			return
		}
		fields, msg := fieldErrors(err)
		s.renderNationalCatalogue(c, http.StatusUnprocessableEntity, gin.H{"Errors": fields, "MappingError": msg})
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/quan-tri/lien-thong/danh-muc?da-anh-xa=1")
}
