// SPDX-License-Identifier: MIT
#include "io/outputfile.h"

#include <cstring>

namespace poolscope {

OutputFile::OutputFile(const QString &path) : m_path(path), m_buffer(new char[size_t(Capacity)])
{
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
    writeLarge(m_buffer.get(), m_used);
    m_used = 0;
}

void OutputFile::writeLarge(const char *data, qsizetype size)
{
    if (size <= 0)
        return;
    if (!m_file) {
        m_memory.append(data, size);
        return;
    }
    if (m_ok && m_file->write(data, size) != size) {
        m_ok = false;
        m_error = QStringLiteral("%1: cannot write: %2").arg(m_path, m_file->errorString());
    }
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
    escaped(text);
    *this << '"';
}

void OutputFile::escaped(const QString &text)
{
    // Most names are plain ASCII: copied without building a UTF-8 copy first.
    bool plain = true;
    for (QChar c : text) {
        const ushort u = c.unicode();
        if (u < 0x20 || u >= 0x7f || u == '"' || u == '\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        for (QChar c : text)
            *this << char(c.unicode());
        return;
    }
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
}

void OutputFile::quotedTaskId(const Run &run, quint32 task)
{
    *this << '"';
    escapedTaskId(run, task);
    *this << '"';
}

void OutputFile::escapedTaskId(const Run &run, quint32 task)
{
    if (task >= run.tasks.size() || run.tasks[task].spec >= run.specs.size()) {
        escaped(run.taskId(task));
        return;
    }
    const TaskSpec &spec = run.specs[run.tasks[task].spec];
    escaped(spec.id);
    if (spec.numbered) {
        *this << '#';
        number(run.tasks[task].ordinal);
    }
}

bool OutputFile::commit()
{
    flushBuffer();
    if (!m_file)
        return m_ok;
    if (m_ok && !m_file->commit()) {
        m_ok = false;
        m_error = QStringLiteral("%1: cannot write: %2").arg(m_path, m_file->errorString());
    }
    m_file.reset();
    return m_ok;
}

QByteArray OutputFile::takeBytes()
{
    flushBuffer();
    return std::exchange(m_memory, QByteArray());
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
