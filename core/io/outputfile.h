// SPDX-License-Identifier: MIT
// Writing a file whole or not at all: a temporary file, a buffer, and a rename at the end.
#pragma once

#include "record/run.h"

#include <QByteArray>
#include <QSaveFile>
#include <QString>
#include <cstring>
#include <memory>

namespace poolscope {

// Streams text or bytes into a file through large buffered writes; nothing appears at the path until
// commit() succeeds, so a failed or interrupted write leaves what was there before. With no path, the
// bytes are kept in memory (takeBytes()).
class OutputFile
{
public:
    explicit OutputFile(const QString &path = QString());
    ~OutputFile(); // an uncommitted file is discarded
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    bool isOpen() const { return m_ok; }
    QString errorString() const; // "PATH: cannot write: REASON"

    void write(const char *data, qsizetype size)
    {
        if (m_used + size > Capacity) {
            flushBuffer();
            if (size > Capacity) {
                writeLarge(data, size);
                return;
            }
        }
        std::memcpy(m_buffer.get() + m_used, data, size_t(size));
        m_used += size;
    }
    OutputFile &operator<<(const char *text);
    OutputFile &operator<<(QByteArrayView bytes);
    OutputFile &operator<<(char c)
    {
        if (m_used == Capacity)
            flushBuffer();
        m_buffer[size_t(m_used++)] = c;
        return *this;
    }
    void number(qint64 n);
    void microseconds(qint64 ns); // ns as µs with three decimals ("1234.567"), exact
    void quoted(const QString &text); // a JSON string: raw UTF-8, only the escapes JSON needs
    void escaped(const QString &text); // the same, without the quotes
    // A task's id as a JSON string, without building it: "<id>" or "<id>#<ordinal>".
    void quotedTaskId(const Run &run, quint32 task);
    void escapedTaskId(const Run &run, quint32 task);

    bool commit(); // false (see errorString) if anything failed
    QByteArray takeBytes(); // in-memory mode

private:
    static constexpr qsizetype Capacity = 1 << 20;
    void flushBuffer(); // to the file, or to m_memory in memory mode
    void writeLarge(const char *data, qsizetype size);

    QString m_path;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<char[]> m_buffer;
    qsizetype m_used = 0;
    QByteArray m_memory;
    QString m_error;
    bool m_ok = true;
};

// Writes data through a temporary file and a rename: a failed write leaves nothing half-written.
bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error);

} // namespace poolscope
