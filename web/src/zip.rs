//! The one file a browser's record is exported as: a zip of the session files, each kept
//! as it is ("stored", no compression — JSONL is small and a stored zip is read by every
//! unzip tool, Windows' and macOS' own included), named as the desktop names them. Reads
//! back the zips it writes (and any other zip of stored files); a zip whose files are
//! compressed is refused with the way round (unzip it, choose the `.jsonl` files).

/// A file to put in the zip.
pub struct Entry<'a> {
    pub name: &'a str,
    pub data: &'a [u8],
    /// Its time, in the zip's MS-DOS form: (date, time).
    pub dos_time: (u16, u16),
}

/// Why a zip could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ZipError {
    #[error("it is not a complete zip file (its table of contents is missing or cut short)")]
    Truncated,
    #[error(
        "its file {0} is compressed, and formcheck reads only the zips it makes (files \
         stored as they are): unzip it and choose its .jsonl files instead"
    )]
    Compressed(String),
    #[error("it is split over several disks or encrypted, which formcheck does not read")]
    Unsupported,
}

/// The zip of `entries`, in order.
pub fn write(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let crc = crc32(e.data);
        let size = e.data.len() as u32;
        let name = e.name.as_bytes();
        // Local header: signature, version 2.0, UTF-8 names, stored.
        put32(&mut out, 0x0403_4b50);
        for v in [20, 0x0800, 0, e.dos_time.1, e.dos_time.0] {
            put16(&mut out, v);
        }
        for v in [crc, size, size] {
            put32(&mut out, v);
        }
        put16(&mut out, name.len() as u16);
        put16(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(e.data);
        // Its central directory entry.
        put32(&mut central, 0x0201_4b50);
        for v in [20, 20, 0x0800, 0, e.dos_time.1, e.dos_time.0] {
            put16(&mut central, v);
        }
        for v in [crc, size, size] {
            put32(&mut central, v);
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            put16(&mut central, v);
        }
        put32(&mut central, 0);
        put32(&mut central, offset);
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    put32(&mut out, 0x0605_4b50);
    for v in [0, 0, entries.len() as u16, entries.len() as u16] {
        put16(&mut out, v);
    }
    put32(&mut out, cd_size);
    put32(&mut out, cd_offset);
    put16(&mut out, 0);
    out
}

/// The files of a zip: (name, contents), in the order of its table of contents.
pub fn read(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ZipError> {
    // The end record is in the last 22 + 65535 bytes (its comment may be that long).
    let from = bytes.len().saturating_sub(22 + 0xffff);
    let end = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| get32(bytes, i) == Some(0x0605_4b50))
        .ok_or(ZipError::Truncated)?;
    let count = get16(bytes, end + 10).ok_or(ZipError::Truncated)? as usize;
    if get16(bytes, end + 4) != Some(0) || get16(bytes, end + 8) != get16(bytes, end + 10) {
        return Err(ZipError::Unsupported);
    }
    let mut at = get32(bytes, end + 16).ok_or(ZipError::Truncated)? as usize;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        if get32(bytes, at) != Some(0x0201_4b50) {
            return Err(ZipError::Truncated);
        }
        let field = |off: usize| get16(bytes, at + off).ok_or(ZipError::Truncated);
        let flags = field(8)?;
        let method = field(10)?;
        let size = get32(bytes, at + 20).ok_or(ZipError::Truncated)? as usize;
        let (name_len, extra_len, comment_len) = (
            field(28)? as usize,
            field(30)? as usize,
            field(32)? as usize,
        );
        let local = get32(bytes, at + 42).ok_or(ZipError::Truncated)? as usize;
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or(ZipError::Truncated)?;
        let name = String::from_utf8_lossy(name).into_owned();
        at += 46 + name_len + extra_len + comment_len;
        if flags & 1 != 0 {
            return Err(ZipError::Unsupported);
        }
        if name.ends_with('/') {
            continue; // a folder
        }
        if method != 0 {
            return Err(ZipError::Compressed(name));
        }
        if get32(bytes, local) != Some(0x0403_4b50) {
            return Err(ZipError::Truncated);
        }
        let skip = get16(bytes, local + 26).ok_or(ZipError::Truncated)? as usize
            + get16(bytes, local + 28).ok_or(ZipError::Truncated)? as usize;
        let data = bytes
            .get(local + 30 + skip..local + 30 + skip + size)
            .ok_or(ZipError::Truncated)?;
        files.push((name, data.to_vec()));
    }
    Ok(files)
}

/// Whether `bytes` start as a zip does.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The MS-DOS (date, time) of a session's stamp `YYYYmmdd-HHMMSS` (its file name's start);
/// 1 Jan 1980 when it is not one.
pub fn dos_time(stamp: &str) -> (u16, u16) {
    let num = |a: usize, b: usize| stamp.get(a..b).and_then(|s| s.parse::<u16>().ok());
    match (
        num(0, 4),
        num(4, 6),
        num(6, 8),
        num(9, 11),
        num(11, 13),
        num(13, 15),
    ) {
        (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) if y >= 1980 => (
            ((y - 1980) << 9) | (mo << 5) | d,
            (h << 11) | (mi << 5) | (s / 2),
        ),
        _ => ((1 << 5) | 1, 0),
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn get16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn get32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The zip's CRC-32 (IEEE 802.3, reflected).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn a_zip_reads_back_its_files_byte_for_byte() {
        let a = b"{\"v\":1}\n{\"v\":1}\n".to_vec();
        let b = "é\n".as_bytes().to_vec();
        let zip = write(&[
            Entry {
                name: "20261207-131500-abcd1234.jsonl",
                data: &a,
                dos_time: dos_time("20261207-131500"),
            },
            Entry {
                name: "b.jsonl",
                data: &b,
                dos_time: dos_time("nonsense"),
            },
        ]);
        let files = read(&zip).expect("reads");
        assert_eq!(files.len(), 2);
        assert_eq!(files[0], ("20261207-131500-abcd1234.jsonl".to_owned(), a));
        assert_eq!(files[1], ("b.jsonl".to_owned(), b));
        assert_eq!(read(&zip[..zip.len() - 5]), Err(ZipError::Truncated));
    }

    #[test]
    fn a_zip_of_compressed_files_is_refused_with_the_way_round() {
        let mut zip = write(&[Entry {
            name: "a.jsonl",
            data: b"x\n",
            dos_time: dos_time(""),
        }]);
        // The central directory's method field (after the local header, 30 + 7 + 2 bytes).
        let central = 30 + 7 + 2;
        zip[central + 10] = 8; // deflate
        let err = read(&zip).expect_err("refused");
        assert_eq!(err, ZipError::Compressed("a.jsonl".to_owned()));
        assert!(err
            .to_string()
            .contains("unzip it and choose its .jsonl files"));
    }
}
