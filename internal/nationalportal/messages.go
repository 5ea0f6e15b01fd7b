package nationalportal

import "encoding/json"

// Services named in the "service" field of the integration and sharing envelopes (§1.2).
const (
	ServiceSyncDossier    = "DongBoHoSoMC"
	ServiceUpdateProgress = "CapNhatTienDoHoSoMC"
	ServiceLookupDossier  = "TraCuuHoSo"
	ServiceAgencies       = "LayDanhMucCoQuan"
	ServiceFields         = "LayDanhMucLinhVuc"
	ServiceProcedures     = "LayDanhSachTTHC"
)

// DossierSync is one dossier of a DongBoHoSoMC message (§2.1). Every value is a string,
// dates are yyyyMMddHHmmss in Vietnam time, and empty values are sent as "".
type DossierSync struct {
	Code             string            `json:"MaHoSo"`
	ProcedureCode    string            `json:"MaTTHC"`
	ProcedureName    string            `json:"TenTTHC"`
	FieldCode        string            `json:"MaLinhVuc"`
	FieldName        string            `json:"TenLinhVuc"`
	ReceiptNumber    string            `json:"SoBienNhan"`
	Owner            string            `json:"ChuHoSo"`
	OwnerType        string            `json:"LoaiDoiTuong"`
	OwnerTechID      string            `json:"MaDoiTuong"`
	OtherInfo        string            `json:"ThongTinKhac"`
	Email            string            `json:"Email"`
	Fax              string            `json:"Fax"`
	Phone            string            `json:"SoDienThoai"`
	Summary          string            `json:"TrichYeuHoSo"`
	ReceivedAt       string            `json:"NgayTiepNhan"`
	DueAt            string            `json:"NgayHenTra"`
	Status           string            `json:"TrangThaiHoSo"`
	ReturnedAt       string            `json:"NgayTra"`
	ReturnInfo       string            `json:"ThongTinTra"`
	DeliveryForm     string            `json:"HinhThuc"`
	FinishedAt       string            `json:"NgayKetThucXuLy"`
	Agency           string            `json:"DonViXuLy"`
	Channel          string            `json:"KenhThucHien"`
	OwnerIDNumber    string            `json:"SoGiayToChuHoSo"`
	SubmittedAt      string            `json:"NgayNopHoSo"`
	RefusedAt        string            `json:"NgayTuChoi"`
	Files            []FileSync        `json:"TaiLieuNop"`
	Results          []ResultSync      `json:"DanhSachGiayToKetQua"`
	Fees             []json.RawMessage `json:"DanhSachLePhi"`
	OtherFiles       []json.RawMessage `json:"DanhSachTepDinhKemKhac"`
	SupplementRounds []json.RawMessage `json:"DanhSachHoSoBoSung"`
}

// FileSync is a submitted file in DongBoHoSoMC's TaiLieuNop: the portal downloads it
// from URL.
type FileSync struct {
	ID            string `json:"TepDinhKemId"`
	Name          string `json:"TenTepDinhKem"`
	Deleted       string `json:"IsDeleted"`
	ComponentCode string `json:"MaThanhPhanHoSo"`
	URL           string `json:"DuongDanTaiTepTin"`
}

// ResultSync is a result document in DongBoHoSoMC's DanhSachGiayToKetQua.
type ResultSync struct {
	Name          string `json:"TenGiayTo"`
	ComponentCode string `json:"MaThanhPhanHoSo"`
	ID            string `json:"GiayToId"`
	URL           string `json:"DuongDanTepTinKetQua"`
}

// ProgressEntry is one entry of a CapNhatTienDoHoSoMC message (§2.2): one row of the
// processing log.
type ProgressEntry struct {
	Code       string `json:"MaHoSo"`
	Actor      string `json:"NguoiXuLy"`
	ActorTitle string `json:"ChucDanh"`
	At         string `json:"ThoiDiemXuLy"`
	Department string `json:"PhongBanXuLy"`
	Content    string `json:"NoiDungXuLy"`
	Status     string `json:"TrangThai"`
	StartedAt  string `json:"NgayBatDau"`
	StepDueAt  string `json:"NgayKetThucTheoQuyDinh"`
}

// Key is the identity under which the portal is expected to deduplicate a progress
// entry sent more than once (see the package documentation).
func (p ProgressEntry) Key() string {
	return p.Code + "|" + p.At + "|" + p.Status + "|" + p.Content + "|" + p.Actor
}

// PushedFile is a file of a pushed dossier: its content in base64 (§2.3 TaiLieuNop).
type PushedFile struct {
	Name          string `json:"TenTepDinhKem"`
	ComponentCode string `json:"MaThanhPhanHoSo"`
	Base64        string `json:"Base64"`
}

// PushedDossier is the body the portal POSTs to dvc's push endpoint: the
// createdossierfromdvcqg shape of §2.3, with the citizen fields of DongBoHoSoMC for
// dossiers that are not promotion notices. Values are strings as everywhere else.
type PushedDossier struct {
	Code          string       `json:"MaHoSo"`
	ProcedureCode string       `json:"MaTTHC"`
	AgencyCode    string       `json:"MaDonVi"`
	Owner         string       `json:"ChuHoSo"`
	Trader        string       `json:"TenThuongNhan"`
	OwnerType     string       `json:"LoaiDoiTuong"`
	OwnerTechID   string       `json:"MaDoiTuong"`
	OwnerIDNumber string       `json:"SoGiayToChuHoSo"`
	TaxCode       string       `json:"MaSoThue"`
	Email         string       `json:"Email"`
	Phone         string       `json:"SoDienThoai"`
	OfficePhone   string       `json:"DienThoai"`
	Address       string       `json:"DiaChi"`
	Summary       string       `json:"TrichYeuHoSo"`
	SubmittedAt   string       `json:"NgayNopHoSo"`
	FormName      string       `json:"TenTepDonDangKy"`
	FormBase64    string       `json:"TepDonDangKy"`
	Files         []PushedFile `json:"TaiLieuNop"`
}

// ListedDossier is one item of the pull list (LayDanhSachHoSo, §1.2).
type ListedDossier struct {
	ID            string `json:"id"`
	AgencyCode    string `json:"maDonVi"`
	ProcedureCode string `json:"maTTHC"`
	Module        string `json:"module"`
	Code          string `json:"maHoSo"`
	SubmittedAt   string `json:"ngayTiepNhan"`
	TechID        string `json:"techId"`
}

// DetailFile is a file of a pulled dossier's detail (fileDinhKem, §1.2).
type DetailFile struct {
	ID       string `json:"id"`
	Kind     string `json:"loaiGiayTo"`
	Title    string `json:"tenGiayTo"`
	FileName string `json:"tenTepDinhKem"`
	Revoked  bool   `json:"huyGiayTo"`
	Base64   string `json:"duLieuTepDinhKem"`
}

// DossierDetail is a pulled dossier's detail: Data is a JSON string holding the dossier's
// fields (the PushedDossier field names), Files its attachments.
type DossierDetail struct {
	Data  string       `json:"data"`
	Files []DetailFile `json:"fileDinhKem"`
}

// Acknowledgement is the body that marks a pulled dossier as received (CapNhatDaNhanHoSo).
type Acknowledgement struct {
	Code     string `json:"maHoSo"`
	Received bool   `json:"daNhan"`
}

// Agency is an agency of the national catalogue (LayDanhMucCoQuan).
type Agency struct {
	Code  string `json:"MADONVI"`
	Name  string `json:"TENDONVI"`
	Level string `json:"CAPDONVI"`
}

// Field is a field of the national catalogue (LayDanhMucLinhVuc).
type Field struct {
	Code   string `json:"MALINHVUC"`
	Name   string `json:"TENLINHVUC"`
	Sector string `json:"MANGANH"`
}

// Procedure is a procedure of the national catalogue (LayDanhSachTTHC).
type Procedure struct {
	Code string `json:"MATTHC"`
	Name string `json:"TENTTHC"`
}
