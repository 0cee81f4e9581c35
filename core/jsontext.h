#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

/// JSON as text, exactly as the server sent it: key order and each number's text are kept
/// (QJsonObject sorts keys and turns numbers into doubles, so it cannot carry documents).
/// Parsing and writing are RapidJSON's SAX reader and writers; numbers pass through as their
/// original text.
namespace Cosmos::JsonText {

/// Where and why a text is not JSON.
struct ParseError
{
    qsizetype offset = -1; ///< byte offset of the problem; -1: no error
    QString message;
    bool isError() const { return offset >= 0; }
    /// "line L, column C: message" for `text`.
    QString describe(const QByteArray &text) const;
};

/// Checks that `text` is exactly one JSON value (UTF-8, whitespace around it allowed).
ParseError check(const QByteArray &text);
/// The same value without insignificant whitespace; empty and `error` set when invalid.
QByteArray compact(const QByteArray &text, ParseError *error = nullptr);
/// Indented by `indent` spaces, one member per line.
QByteArray pretty(const QByteArray &text, int indent = 2, ParseError *error = nullptr);

/// The elements of the top-level object's array member `key`, each as compact text. False
/// (with `error`) when `object` is not JSON, not an object, or has no such array.
bool arrayMember(const QByteArray &object, const QByteArray &key, QList<QByteArray> *elements,
                 ParseError *error = nullptr);
/// The elements of a top-level array, each as compact text.
bool arrayElements(const QByteArray &array, QList<QByteArray> *elements,
                   ParseError *error = nullptr);
/// A top-level member's value as compact text; empty when absent or not an object.
QByteArray member(const QByteArray &object, const QByteArray &key);
/// The root object's member names in document order (unescaped UTF-8); empty when not an
/// object.
QList<QByteArray> keys(const QByteArray &object);
/// The object without the named top-level members (compact, order of the rest kept).
QByteArray withoutMembers(const QByteArray &object, const QSet<QByteArray> &keys);

/// The service's system properties of a document: _rid _self _etag _ts _attachments _lsn.
const QSet<QByteArray> &systemProperties();

/// Same JSON values: objects compared member by member regardless of order, numbers by value
/// (equal 64-bit integers, or equal as the doubles a store may keep them as), top-level members
/// in `ignore` left out.
bool sameContent(const QByteArray &a, const QByteArray &b, const QSet<QByteArray> &ignore = {});

} // namespace Cosmos::JsonText
