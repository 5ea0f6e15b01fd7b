package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// storePage is the citizen's document store (kho dữ liệu cá nhân): results received,
// certified copies, components submitted and receipts, each with its source dossier,
// issuer and validity, to download or to take into a new dossier ("Lấy từ kho").
func (s *Server) storePage(c *gin.Context) {
	sess, ok := s.citizenPage(c)
	if !ok {
		return
	}
	docs, err := s.svc.MyDocuments(c, sess.Account)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "store", s.pageData(c, gin.H{"Docs": docs}))
}

// storeChoices are the documents of acc's store a form offers per component ("Lấy từ
// kho"); none for an account that is not a citizen's.
func (s *Server) storeChoices(c *gin.Context, acc domain.Account) ([]service.DocumentView, error) {
	if acc.Kind != "citizen" {
		return nil, nil
	}
	return s.svc.MyDocuments(c, acc)
}

// attachFromStore attaches the documents chosen in the form's selects store_<component
// id> ("Lấy từ kho"), writing a refusal next to its component; it returns the first.
func (s *Server) attachFromStore(c *gin.Context, d domain.Dossier, acc domain.Account, comps []domain.Component, fields map[string]string) error {
	var first error
	for _, comp := range comps {
		key := strconv.FormatInt(comp.ID, 10)
		v := c.PostForm("store_" + key)
		if v == "" {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			err = service.ErrDocumentNotFound
		} else {
			_, err = s.svc.AttachFromStore(c, d, acc, comp.ID, id)
		}
		if err != nil {
			e, ok := domain.Public(err)
			if !ok {
				return err
			}
			fields["components."+key] = e.Message
			if first == nil {
				first = err
			}
		}
	}
	return first
}
