package api

import (
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// uploadFile attaches a file (multipart: component_id, file) to the owner's draft, or to
// a dossier waiting for a supplement (owner, or anyone with its update code in the
// X-Update-Code header). The type is checked by content. With document_id instead of
// file, the owner takes that document of their store ("Lấy từ kho"). Errors:
// login_required, dossier_not_found, not_editable (409), invalid_upload,
// component_not_found, file_too_large (413), forbidden_file_type (415),
// document_not_found, citizens_only.
func (s *Server) uploadFile(c *gin.Context) {
	d, by, err := s.svc.EditableDossier(c, httpx.Viewer(c), c.Param("ref"), c.GetHeader("X-Update-Code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.PostForm("document_id") != "" {
		s.attachFromStore(c, d)
		return
	}
	componentID, up, err := uploadForm(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer up.close()
	file, err := s.svc.Attach(c, d.ID, by, componentID, up.Upload)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
}

// upload is a multipart file part, open.
type upload struct {
	service.Upload
	file multipart.File
}

func (u upload) close() { _ = u.file.Close() }

// uploadForm decodes a multipart upload: the file part "file" (opened: the caller
// closes it) and, when withComponent, the numeric field "component_id". Errors:
// file_too_large (413), invalid_upload.
func uploadForm(c *gin.Context, withComponent bool) (int64, upload, error) {
	fh, ferr := c.FormFile("file")
	var tooLarge *http.MaxBytesError
	if errors.As(ferr, &tooLarge) {
		return 0, upload{}, service.ErrFileTooLarge
	}
	var componentID int64
	var cerr error
	if withComponent {
		componentID, cerr = strconv.ParseInt(c.PostForm("component_id"), 10, 64)
		if cerr == nil && componentID <= 0 {
			cerr = strconv.ErrRange
		}
	}
	if ferr != nil || cerr != nil {
		fields := map[string]string{"file": "Bắt buộc."}
		msg := "Chưa chọn tệp đính kèm."
		if withComponent {
			fields["component_id"] = "Bắt buộc."
			msg = "Cần chọn thành phần hồ sơ và tệp đính kèm."
		} else {
			msg = "Chưa chọn tệp kết quả."
		}
		return 0, upload{}, &domain.Error{Kind: domain.Invalid, Code: "invalid_upload", Message: msg, Fields: fields}
	}
	f, err := fh.Open()
	if err != nil {
		return 0, upload{}, err
	}
	return componentID, upload{Upload: service.Upload{Name: fh.Filename, Body: f}, file: f}, nil
}

// servedTypes are the content types an attachment may be served with: the kinds the file
// store accepts. Anything else (a row written by an older version, say) is served as
// opaque bytes, so user content is never served as HTML or script.
var servedTypes = map[string]bool{filestore.PDF: true, filestore.PNG: true, filestore.JPEG: true, filestore.DOCX: true,
	filestore.XLSX: true, filestore.DOC: true, filestore.XLS: true, filestore.ODT: true}

func servedType(t string) string {
	if servedTypes[t] {
		return t
	}
	return "application/octet-stream"
}

// attachmentDisposition is the Content-Disposition of a download: always an attachment,
// with the file's name (RFC 2231-encoded when not plain ASCII) when it can be given.
func attachmentDisposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return mime.FormatMediaType("attachment", map[string]string{"filename": "tep-dinh-kem"})
}

var errFileNotFound = domain.NewError(domain.NotFound, "file_not_found", "Không tìm thấy tệp đính kèm.")

// downloadFile serves an attachment to the dossier's owner, or to an officer of the
// agency that handles or holds it. Errors: login_required, dossier_not_found, file_not_found.
func (s *Server) downloadFile(c *gin.Context) {
	d, sess, ok := s.readableDossier(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("file"), 10, 64)
	if err != nil {
		s.fail(c, errFileNotFound)
		return
	}
	file, f, err := s.svc.OpenFile(c, sess, d, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Type", servedType(file.Type))
	c.Header("Content-Disposition", attachmentDisposition(file.Name))
	c.Header("X-Content-Type-Options", "nosniff")
	http.ServeContent(c.Writer, c.Request, "", file.CreatedAt, f)
}

// readableDossier resolves {ref} for the signed-in owner, an officer of the dossier's or
// holding agency, or a supervisor; anyone else gets dossier_not_found.
func (s *Server) readableDossier(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := s.signedIn(c)
	if !ok {
		return domain.Dossier{}, sess, false
	}
	d, err := s.svc.ReadableDossier(c, sess.Account, c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
}

// deleteFile removes an attachment from the owner's draft. Errors: login_required,
// dossier_not_found, not_editable, file_not_found.
func (s *Server) deleteFile(c *gin.Context) {
	d, _, err := s.svc.EditableDossier(c, httpx.Viewer(c), c.Param("ref"), c.GetHeader("X-Update-Code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := strconv.ParseInt(c.Param("file"), 10, 64)
	if err != nil {
		s.fail(c, errFileNotFound)
		return
	}
	if err := s.svc.DeleteFile(c, d, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// attachFromStore attaches document document_id of the signed-in owner's store as
// component component_id of d.
func (s *Server) attachFromStore(c *gin.Context, d domain.Dossier) {
	sess, ok := s.citizen(c)
	if !ok {
		return
	}
	componentID, cerr := strconv.ParseInt(c.PostForm("component_id"), 10, 64)
	documentID, derr := strconv.ParseInt(c.PostForm("document_id"), 10, 64)
	if cerr != nil || derr != nil || componentID <= 0 || documentID <= 0 {
		s.fail(c, &domain.Error{Kind: domain.Invalid, Code: "invalid_upload", Message: "Cần chọn thành phần hồ sơ và giấy tờ trong kho.",
			Fields: map[string]string{"component_id": "Bắt buộc.", "document_id": "Bắt buộc."}})
		return
	}
	file, err := s.svc.AttachFromStore(c, d, sess.Account, componentID, documentID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
}
