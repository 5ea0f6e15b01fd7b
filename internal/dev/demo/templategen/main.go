// Command templategen writes the demo catalogue's form templates: one Word document
// (.docx) for every template a component of catalogue/procedures.json names, into
// catalogue/templates/. Each is a blank form with the national heading, the component's
// title, the procedure, the agency it is sent to and the applicant's lines to fill in.
// The output is deterministic (fixed timestamps), so running it again changes nothing.
//
//	go generate ./internal/dev/demo   (runs: go run ./templategen)
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type component struct {
	Name     string `json:"name"`
	Template string `json:"template"`
}

type procedure struct {
	Name       string      `json:"name"`
	Agency     string      `json:"agency"`
	Components []component `json:"components"`
}

type agency struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func main() {
	if err := run("catalogue"); err != nil {
		fmt.Fprintln(os.Stderr, "templategen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	var procs []procedure
	var agencies []agency
	if err := readJSON(filepath.Join(dir, "procedures.json"), &procs); err != nil {
		return err
	}
	if err := readJSON(filepath.Join(dir, "agencies.json"), &agencies); err != nil {
		return err
	}
	names := map[string]string{}
	for _, a := range agencies {
		names[a.Code] = a.Name
	}
	out := filepath.Join(dir, "templates")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	done := map[string]bool{}
	for _, p := range procs {
		for _, c := range p.Components {
			if c.Template == "" || done[c.Template] {
				continue
			}
			done[c.Template] = true
			doc, err := docx(form(c.Name, p.Name, names[p.Agency]))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(out, c.Template), doc, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func readJSON(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// paragraph is one line of the form: its text, centred, bold.
type paragraph struct {
	text         string
	center, bold bool
}

// form is the blank form of a component of procedure, sent to agency.
func form(title, procedure, agency string) []paragraph {
	dots := strings.Repeat(".", 60)
	return []paragraph{
		{text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", center: true, bold: true},
		{text: "Độc lập - Tự do - Hạnh phúc", center: true, bold: true},
		{text: ""},
		{text: strings.ToUpper(title), center: true, bold: true},
		{text: "(Dùng cho thủ tục: " + procedure + ")", center: true},
		{text: ""},
		{text: "Kính gửi: " + agency},
		{text: "Họ và tên người đề nghị: " + dots},
		{text: "Ngày sinh: " + dots},
		{text: "Số CMND/CCCD/Hộ chiếu: " + dots + " cấp ngày " + dots},
		{text: "Địa chỉ thường trú: " + dots},
		{text: "Số điện thoại: " + dots + " Thư điện tử: " + dots},
		{text: "Nội dung đề nghị: " + dots},
		{text: dots + dots},
		{text: "Tôi xin cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật."},
		{text: ""},
		{text: "........, ngày ..... tháng ..... năm ........", center: true},
		{text: "NGƯỜI ĐỀ NGHỊ", center: true, bold: true},
		{text: "(Ký, ghi rõ họ tên)", center: true},
		{text: ""},
		{text: "Mẫu minh họa của dữ liệu trình diễn dvc; mẫu chính thức do cơ quan có thẩm quyền ban hành."},
	}
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// docx packs ps as a minimal Word document (Times New Roman, 13 pt).
func docx(ps []paragraph) ([]byte, error) {
	var body strings.Builder
	for _, p := range ps {
		body.WriteString("<w:p><w:pPr>")
		if p.center {
			body.WriteString(`<w:jc w:val="center"/>`)
		}
		body.WriteString(`</w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>`)
		if p.bold {
			body.WriteString("<w:b/>")
		}
		body.WriteString(`<w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">`)
		if err := xml.EscapeText(&body, []byte(p.text)); err != nil {
			return nil, err
		}
		body.WriteString("</w:t></w:r></w:p>")
	}
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr></w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rels}, {"word/document.xml", document},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
