// SPDX-License-Identifier: MIT
// Writing a file whole or not at all: a temporary file, a buffer, and a rename at the end.
#pragma once

#include <QByteArray>
#include <QSaveFile>
#include <QString>
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

    void write(const char *data, qsizetype size);
    OutputFile &operator<<(const char *text);
    OutputFile &operator<<(QByteArrayView bytes);
    OutputFile &operator<<(char c);
    void number(qint64 n);
    void microseconds(qint64 ns); // ns as µs with three decimals ("1234.567"), exact
    void quoted(const QString &text); // a JSON string: raw UTF-8, only the escapes JSON needs

    bool commit(); // false (see errorString) if anything failed
    QByteArray takeBytes(); // in-memory mode

private:
    void flushBuffer();

    QString m_path;
    std::unique_ptr<QSaveFile> m_file;
    QByteArray m_buffer;
    QString m_error;
    bool m_ok = true;
};

// Writes data through a temporary file and a rename: a failed write leaves nothing half-written.
bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error);

} // namespace poolscope
