// SPDX-License-Identifier: MIT
#include "io/outputfile.h"

#include <cstring>

namespace poolscope {

namespace {
constexpr qsizetype BufferSize = 1 << 20;
}

OutputFile::OutputFile(const QString &path) : m_path(path)
{
    m_buffer.reserve(BufferSize + 4096);
    if (path.isEmpty())
        return;
    m_file = std::make_unique<QSaveFile>(path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_ok = false;
        m_error = QStringLiteral("%1: cannot write: %2").arg(path, m_file->errorString());
    }
}

OutputFile::~OutputFile()
{
    if (m_file)
        m_file->cancelWriting();
}

QString OutputFile::errorString() const
{
    return m_error;
}

void OutputFile::flushBuffer()
{
    if (!m_file || m_buffer.isEmpty())
        return;
    if (m_ok && m_file->write(m_buffer) != m_buffer.size()) {
        m_ok = false;
        m_error = QStringLiteral("%1: cannot write: %2").arg(m_path, m_file->errorString());
    }
    m_buffer.resize(0);
}

void OutputFile::write(const char *data, qsizetype size)
{
    m_buffer.append(data, size);
    if (m_file && m_buffer.size() >= BufferSize)
        flushBuffer();
}

OutputFile &OutputFile::operator<<(const char *text)
{
    write(text, qsizetype(std::strlen(text)));
    return *this;
}

OutputFile &OutputFile::operator<<(QByteArrayView bytes)
{
    write(bytes.data(), bytes.size());
    return *this;
}

OutputFile &OutputFile::operator<<(char c)
{
    m_buffer.append(c);
    if (m_file && m_buffer.size() >= BufferSize)
        flushBuffer();
    return *this;
}

void OutputFile::number(qint64 n)
{
    char digits[24];
    char *end = digits + sizeof digits;
    char *p = end;
    const bool negative = n < 0;
    quint64 u = negative ? quint64(0) - quint64(n) : quint64(n);
    do {
        *--p = char('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative)
        *--p = '-';
    write(p, qsizetype(end - p));
}

void OutputFile::microseconds(qint64 ns)
{
    if (ns < 0) {
        *this << '-';
        ns = -ns;
    }
    number(ns / 1000);
    const int frac = int(ns % 1000);
    const char tail[4] = { '.', char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10) };
    write(tail, 4);
}

void OutputFile::quoted(const QString &text)
{
    *this << '"';
    const QByteArray utf8 = text.toUtf8();
    for (char c : utf8) {
        if (c == '"' || c == '\\') {
            *this << '\\' << c;
        } else if (c == '\n') {
            *this << "\\n";
        } else if (uchar(c) < 0x20) {
            *this << ' '; // old Perfetto tokenizers rejected \u escapes; control characters have no place in a name
        } else {
            *this << c;
        }
    }
    *this << '"';
}

bool OutputFile::commit()
{
    if (!m_file)
        return m_ok;
    flushBuffer();
    if (m_ok && !m_file->commit()) {
        m_ok = false;
        m_error = QStringLiteral("%1: cannot write: %2").arg(m_path, m_file->errorString());
    }
    m_file.reset();
    return m_ok;
}

QByteArray OutputFile::takeBytes()
{
    return std::exchange(m_buffer, QByteArray());
}

bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error)
{
    OutputFile file(path);
    file << QByteArrayView(data);
    if (file.commit())
        return true;
    if (error)
        *error = file.errorString();
    return false;
}

} // namespace poolscope
