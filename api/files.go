package api

import (
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/apperr"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/validate"
)

// uploadFile attaches a file (multipart: component_id, file) to the owner's draft, or to
// a dossier waiting for a supplement (owner, or anyone with its update code in the
// X-Update-Code header). The type is checked by content. Errors: login_required,
// dossier_not_found, not_editable (409), invalid_upload, component_not_found,
// file_too_large (413), forbidden_file_type (415).
func (s *Server) uploadFile(c *gin.Context) {
	d, by, ok := s.editableDossier(c)
	if !ok {
		return
	}
	componentID, err := strconv.ParseInt(c.PostForm("component_id"), 10, 64)
	fh, ferr := c.FormFile("file")
	if err != nil || ferr != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(ferr, &tooLarge) {
			s.fail(c, errFileTooLarge)
			return
		}
		s.fail(c, &apperr.Error{Kind: apperr.Invalid, Code: "invalid_upload", Message: "Cần chọn thành phần hồ sơ và tệp đính kèm.",
			Fields: map[string]string{"component_id": "Bắt buộc.", "file": "Bắt buộc."}})
		return
	}
	file, ok := s.storeUpload(c, fh, d.ID)
	if !ok {
		return
	}
	file.ComponentID = &componentID
	file, err = s.Store.AddFile(c, file, by)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
}

// storeUpload puts an uploaded file in the content store and describes it.
func (s *Server) storeUpload(c *gin.Context, fh *multipart.FileHeader, dossierID int64) (activities.DossierFile, bool) {
	file, err := s.putUpload(fh, dossierID)
	if err != nil {
		s.fail(c, err)
		return file, false
	}
	return file, true
}

// putUpload puts an uploaded file in the content store and describes it. Errors:
// file_too_large, forbidden_file_type.
func (s *Server) putUpload(fh *multipart.FileHeader, dossierID int64) (activities.DossierFile, error) {
	f, err := fh.Open()
	if err != nil {
		return activities.DossierFile{}, err
	}
	defer f.Close()
	stored, err := s.Files.Put(f)
	switch {
	case errors.Is(err, filestore.ErrTooLarge):
		return activities.DossierFile{}, errFileTooLarge
	case errors.Is(err, filestore.ErrForbiddenType), errors.Is(err, filestore.ErrEmpty):
		return activities.DossierFile{}, apperr.New(apperr.Invalid, "forbidden_file_type", "Chỉ chấp nhận tệp PDF, ảnh (PNG, JPEG) hoặc văn bản Word, Excel, ODT.")
	case err != nil:
		return activities.DossierFile{}, err
	}
	name := filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
	if !validate.Text(name, 255) || name == "." || name == "/" {
		name = "tep-dinh-kem"
	}
	return activities.DossierFile{DossierID: dossierID, Hash: stored.Hash, Name: name, Size: stored.Size, Type: stored.Type}, nil
}

var errFileTooLarge = apperr.New(apperr.Invalid, "file_too_large", "Tệp đính kèm vượt quá dung lượng cho phép (10 MB).")

// editableDossier is the dossier a citizen may attach files to now: the owner's draft,
// or a dossier waiting for a supplement (owner or update-code holder).
func (s *Server) editableDossier(c *gin.Context) (activities.Dossier, *int64, bool) {
	d, by, err := s.citizenAccess(c, c.GetHeader("X-Update-Code"))
	if err != nil {
		s.fail(c, err)
		return d, nil, false
	}
	if d.Status != activities.StatusDraft && d.Status != activities.StatusSupplementRequested {
		s.fail(c, apperr.New(apperr.Conflict, "not_editable", "Hồ sơ không ở trạng thái cho phép thay đổi tệp đính kèm."))
		return d, nil, false
	}
	if d.Status == activities.StatusDraft && by == nil {
		s.fail(c, errDossierNotFound)
		return d, nil, false
	}
	return d, by, true
}

// citizenAccess resolves {ref} for its owner (signed in) or for the holder of its update
// code; it returns the acting account id (nil for an update-code holder). Errors:
// login_required, dossier_not_found, wrong_update_code (403).
func (s *Server) citizenAccess(c *gin.Context, updateCode string) (activities.Dossier, *int64, error) {
	d, err := s.dossierByRef(c, c.Param("ref"))
	if err != nil {
		return d, nil, err
	}
	if sess, ok := currentSession(c); ok && d.OwnerID != nil && *d.OwnerID == sess.Account.ID {
		id := sess.Account.ID
		return d, &id, nil
	}
	if updateCode == "" {
		if _, ok := currentSession(c); ok {
			return d, nil, errDossierNotFound // another citizen's dossier
		}
		return d, nil, errLoginRequired
	}
	want, err := s.Store.UpdateCode(c, d.ID)
	if err != nil {
		return d, nil, err
	}
	if want == "" || !constantEqual(want, strings.TrimSpace(updateCode)) {
		return d, nil, apperr.New(apperr.Forbidden, "wrong_update_code", "Mã cập nhật hồ sơ không đúng.")
	}
	return d, nil, nil
}

// downloadFile serves an attachment to the dossier's owner, or to an officer of the
// agency that handles or holds it. Errors: login_required, dossier_not_found, file_not_found.
func (s *Server) downloadFile(c *gin.Context) {
	d, sess, ok := s.readableDossier(c)
	if !ok {
		return
	}
	var file activities.DossierFile
	id, err := strconv.ParseInt(c.Param("file"), 10, 64)
	if err != nil {
		err = apperr.New(apperr.NotFound, "file_not_found", "Không tìm thấy tệp đính kèm.")
	} else {
		file, err = s.Store.File(c, d.ID, id)
	}
	if err == nil {
		err = s.logStaffRead(c, sess, d, "file:"+file.Name)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.Files.Open(file.Hash)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Type", file.Type)
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": file.Name}))
	c.Header("X-Content-Type-Options", "nosniff")
	http.ServeContent(c.Writer, c.Request, "", file.CreatedAt, f)
}

// readableDossier resolves {ref} for the signed-in owner, an officer of the dossier's or
// holding agency, or a supervisor; anyone else gets dossier_not_found.
func (s *Server) readableDossier(c *gin.Context) (activities.Dossier, activities.Session, bool) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return activities.Dossier{}, sess, false
	}
	d, err := s.dossierByRef(c, c.Param("ref"))
	if err == nil && !mayRead(sess.Account, d) {
		err = errDossierNotFound
	}
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
}

// logStaffRead records an officer's read of a dossier's personal data (citizens' own
// reads are not logged).
func (s *Server) logStaffRead(c *gin.Context, sess activities.Session, d activities.Dossier, what string) error {
	if sess.Account.Kind != "staff" {
		return nil
	}
	return s.Store.LogAccess(c, sess.Account.ID, d.ID, what)
}

// mayRead: the owner, an officer of the dossier's agency or of the agency holding it, or a supervisor.
func mayRead(acc activities.Account, d activities.Dossier) bool {
	if d.OwnerID != nil && *d.OwnerID == acc.ID {
		return true
	}
	if acc.Kind != "staff" {
		return false
	}
	for _, r := range acc.Roles {
		if r == activities.RoleSupervisor {
			return true
		}
	}
	return acc.AgencyID != nil && (*acc.AgencyID == d.AgencyID || d.HolderAgencyID != nil && *acc.AgencyID == *d.HolderAgencyID)
}

// deleteFile removes an attachment from the owner's draft. Errors: login_required,
// dossier_not_found, not_editable, file_not_found.
func (s *Server) deleteFile(c *gin.Context) {
	d, _, ok := s.editableDossier(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("file"), 10, 64)
	if err != nil {
		s.fail(c, apperr.New(apperr.NotFound, "file_not_found", "Không tìm thấy tệp đính kèm."))
		return
	}
	if err := s.Store.DeleteFile(c, d.ID, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
