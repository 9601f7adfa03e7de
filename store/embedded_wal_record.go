package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// A log record is one write as the embedded server ran it: the commands (one, or the
// commands of a MULTI/EXEC, with the SCRIPT LOAD of a script an EVALSHA runs the first
// time a log segment names it), the store's clock when they ran and the record's
// number. On disk: the payload's length and its CRC-32C (4 bytes each, little
// endian), then the payload:
//
//	uvarint lsn, varint clock (unix ns), uvarint number of commands,
//	per command: uvarint number of arguments, per argument: uvarint length, bytes
//
// A record cut short or whose checksum does not match ends what can be read.

const (
	recordHeader = 8
	// maxRecord bounds a record's payload: a longer length is a torn or damaged header.
	maxRecord = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errTorn is returned by readRecord for a record cut short or damaged.
var errTorn = errors.New("torn or damaged record")

// record is one logged write.
type record struct {
	lsn   uint64
	clock int64
	cmds  [][]string
}

// appendRecord appends rec's encoding to buf.
func appendRecord(buf []byte, rec record) []byte {
	start := len(buf)
	buf = append(buf, make([]byte, recordHeader)...)
	buf = binary.AppendUvarint(buf, rec.lsn)
	buf = binary.AppendVarint(buf, rec.clock)
	buf = binary.AppendUvarint(buf, uint64(len(rec.cmds)))
	for _, cmd := range rec.cmds {
		buf = binary.AppendUvarint(buf, uint64(len(cmd)))
		for _, arg := range cmd {
			buf = binary.AppendUvarint(buf, uint64(len(arg)))
			buf = append(buf, arg...)
		}
	}
	payload := buf[start+recordHeader:]
	binary.LittleEndian.PutUint32(buf[start:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(buf[start+4:], crc32.Checksum(payload, crcTable))
	return buf
}

// readRecord reads the next record of r: io.EOF at a clean end, errTorn for a record
// cut short or damaged. It returns the record's size on disk.
func readRecord(r *bufio.Reader) (record, int64, error) {
	var head [recordHeader]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		if err == io.EOF {
			return record{}, 0, io.EOF
		}
		if err == io.ErrUnexpectedEOF {
			return record{}, 0, errTorn
		}
		return record{}, 0, err
	}
	n := binary.LittleEndian.Uint32(head[:])
	if n == 0 || n > maxRecord {
		return record{}, 0, errTorn
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return record{}, 0, errTorn
		}
		return record{}, 0, err
	}
	if crc32.Checksum(payload, crcTable) != binary.LittleEndian.Uint32(head[4:]) {
		return record{}, 0, errTorn
	}
	rec, err := decodeRecord(payload)
	if err != nil {
		return record{}, 0, errTorn
	}
	return rec, int64(recordHeader) + int64(n), nil
}

// decodeRecord decodes a payload whose checksum matched.
func decodeRecord(p []byte) (record, error) {
	d := decoder{p: p}
	rec := record{lsn: d.uvarint(), clock: d.varint()}
	ncmds := d.count()
	for range ncmds {
		nargs := d.count()
		cmd := make([]string, 0, nargs)
		for range nargs {
			cmd = append(cmd, d.bytes())
		}
		rec.cmds = append(rec.cmds, cmd)
	}
	if d.err == nil && len(d.p) > 0 {
		d.err = fmt.Errorf("%d bytes after the record", len(d.p))
	}
	return rec, d.err
}

// decoder reads the fields of a payload, remembering the first error.
type decoder struct {
	p   []byte
	err error
}

func (d *decoder) uvarint() uint64 { return readVarint(d, binary.Uvarint) }

func (d *decoder) varint() int64 { return readVarint(d, binary.Varint) }

// readVarint reads one varint of d with read (binary.Uvarint or binary.Varint).
func readVarint[T int64 | uint64](d *decoder, read func([]byte) (T, int)) T {
	if d.err != nil {
		return 0
	}
	v, n := read(d.p)
	if n <= 0 {
		d.err = errors.New("bad varint")
		return 0
	}
	d.p = d.p[n:]
	return v
}

// count reads a count that the rest of the payload can hold.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.p)) {
		d.err = errors.New("count past the end")
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.p[:n])
	d.p = d.p[n:]
	return s
}
