package api

import (
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/unicode/norm"

	"github.com/dvc-project/dvc/internal/domain"
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
	componentID, fh, err := uploadForm(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	file, err := s.attach(c, d.ID, by, componentID, fh)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
}

// attach stores an uploaded file (type checked by content) as a component of dossier id
// (the JSON API and the portal share it; callers check the dossier may change). Errors:
// file_too_large, forbidden_file_type, component_not_found.
func (s *Server) attach(c *gin.Context, dossierID int64, by *int64, componentID int64, fh *multipart.FileHeader) (domain.DossierFile, error) {
	file, err := s.putUpload(fh, dossierID)
	if err != nil {
		return file, err
	}
	file.ComponentID = &componentID
	return s.Store.AddFile(c, file, by)
}

// storeUpload puts an uploaded file in the content store and describes it, answering
// the error itself when it cannot.
func (s *Server) storeUpload(c *gin.Context, fh *multipart.FileHeader, dossierID int64) (domain.DossierFile, bool) {
	file, err := s.putUpload(fh, dossierID)
	if err != nil {
		s.fail(c, err)
		return file, false
	}
	return file, true
}

// putUpload puts an uploaded file in the content store and describes it. Errors:
// file_too_large, forbidden_file_type.
func (s *Server) putUpload(fh *multipart.FileHeader, dossierID int64) (domain.DossierFile, error) {
	f, err := fh.Open()
	if err != nil {
		return domain.DossierFile{}, err
	}
	defer f.Close()
	stored, err := s.Files.Put(f)
	switch {
	case errors.Is(err, filestore.ErrTooLarge):
		return domain.DossierFile{}, errFileTooLarge
	case errors.Is(err, filestore.ErrForbiddenType), errors.Is(err, filestore.ErrEmpty):
		return domain.DossierFile{}, errForbiddenType
	case err != nil:
		return domain.DossierFile{}, err
	}
	return domain.DossierFile{DossierID: dossierID, Hash: stored.Hash, Name: uploadName(fh.Filename), Size: stored.Size, Type: stored.Type}, nil
}

// uploadForm decodes a multipart upload: the file part "file" and, when withComponent,
// the numeric field "component_id". Errors: file_too_large (413), invalid_upload.
func uploadForm(c *gin.Context, withComponent bool) (int64, *multipart.FileHeader, error) {
	fh, ferr := c.FormFile("file")
	var tooLarge *http.MaxBytesError
	if errors.As(ferr, &tooLarge) {
		return 0, nil, errFileTooLarge
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
		}
		return 0, nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_upload", Message: msg, Fields: fields}
	}
	return componentID, fh, nil
}

// defaultUploadName names a file whose own name cannot be kept.
const defaultUploadName = "tep-dinh-kem"

// uploadName is the name an uploaded file is kept and shown under: the last element of
// the client's path (either slash), without bidirectional and zero-width format
// characters (which make "hoadon‮fdp.exe" look like a PDF), NFC, at most 255 runes of
// text; otherwise defaultUploadName.
func uploadName(raw string) string {
	name := path.Base(strings.ReplaceAll(raw, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(norm.NFC.String(name))
	if name == "" || name == "." || name == ".." || name == "/" || !validate.Text(name, 255) || strings.ContainsAny(name, "\n\t") {
		return defaultUploadName
	}
	return name
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
	return mime.FormatMediaType("attachment", map[string]string{"filename": defaultUploadName})
}

var errForbiddenType = domain.NewError(domain.UnsupportedMedia, "forbidden_file_type", "Chỉ chấp nhận tệp PDF, ảnh (PNG, JPEG) hoặc văn bản Word, Excel, ODT.")

var errFileTooLarge = domain.NewError(domain.TooLarge, "file_too_large", "Tệp đính kèm vượt quá dung lượng cho phép (10 MB).")

// editableDossier is the dossier a citizen may attach files to now: the owner's draft,
// or a dossier waiting for a supplement (owner or update-code holder).
func (s *Server) editableDossier(c *gin.Context) (domain.Dossier, *int64, bool) {
	d, by, err := s.citizenAccess(c, c.GetHeader("X-Update-Code"))
	if err != nil {
		s.fail(c, err)
		return d, nil, false
	}
	if d.Status != domain.StatusDraft && d.Status != domain.StatusSupplementRequested {
		s.fail(c, domain.NewError(domain.Conflict, "not_editable", "Hồ sơ không ở trạng thái cho phép thay đổi tệp đính kèm."))
		return d, nil, false
	}
	if d.Status == domain.StatusDraft && by == nil {
		s.fail(c, errDossierNotFound)
		return d, nil, false
	}
	return d, by, true
}

// citizenAccess resolves {ref} for its owner (signed in) or for the holder of its update
// code; it returns the acting account id (nil for an update-code holder). Errors:
// login_required, dossier_not_found, wrong_update_code (403).
func (s *Server) citizenAccess(c *gin.Context, updateCode string) (domain.Dossier, *int64, error) {
	return s.citizenAccessTo(c, c.Param("ref"), updateCode)
}

// citizenAccessTo is citizenAccess for the dossier ref (an id or a code).
func (s *Server) citizenAccessTo(c *gin.Context, ref, updateCode string) (domain.Dossier, *int64, error) {
	d, err := s.dossierByRef(c, ref)
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
		return d, nil, domain.NewError(domain.Forbidden, "wrong_update_code", "Mã cập nhật hồ sơ không đúng.")
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
	var file domain.DossierFile
	id, err := strconv.ParseInt(c.Param("file"), 10, 64)
	if err != nil {
		err = domain.NewError(domain.NotFound, "file_not_found", "Không tìm thấy tệp đính kèm.")
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
	c.Header("Content-Type", servedType(file.Type))
	c.Header("Content-Disposition", attachmentDisposition(file.Name))
	c.Header("X-Content-Type-Options", "nosniff")
	http.ServeContent(c.Writer, c.Request, "", file.CreatedAt, f)
}

// readableDossier resolves {ref} for the signed-in owner, an officer of the dossier's or
// holding agency, or a supervisor (officers and supervisors only once it is sent);
// anyone else gets dossier_not_found.
func (s *Server) readableDossier(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return domain.Dossier{}, sess, false
	}
	d, err := s.dossierByRef(c, c.Param("ref"))
	if err == nil && !mayRead(sess.Account, d) {
		err = errDossierNotFound
	}
	if err == nil && d.Code == nil && (d.OwnerID == nil || *d.OwnerID != sess.Account.ID) {
		err = errDossierNotFound // a draft is its owner's alone until it is sent
	}
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
}

// logStaffRead records an officer's read of a dossier's personal data (citizens' own
// reads are not logged).
func (s *Server) logStaffRead(c *gin.Context, sess domain.Session, d domain.Dossier, what string) error {
	if sess.Account.Kind != "staff" {
		return nil
	}
	return s.Store.LogAccess(c, sess.Account.ID, d.ID, what)
}

// mayRead: the owner, an officer of the dossier's agency or of the agency holding it, or a supervisor.
func mayRead(acc domain.Account, d domain.Dossier) bool {
	if d.OwnerID != nil && *d.OwnerID == acc.ID {
		return true
	}
	if acc.Kind != "staff" {
		return false
	}
	for _, r := range acc.Roles {
		if r == domain.RoleSupervisor {
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
		s.fail(c, domain.NewError(domain.NotFound, "file_not_found", "Không tìm thấy tệp đính kèm."))
		return
	}
	if err := s.Store.DeleteFile(c, d.ID, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
