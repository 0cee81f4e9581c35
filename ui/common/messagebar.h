#pragma once

#include <cosmoserror.h>

#include <QFrame>

QT_BEGIN_NAMESPACE
class QLabel;
class QToolButton;
QT_END_NAMESPACE

namespace Cosmoscope {

/// A non-modal colored bar above the content, like KMessageWidget: an icon, the message,
/// a "Details" toggle (status, substatus, activity id …) and a close button. A new message
/// replaces the previous one; nothing is ever modal.
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Type { Information, Warning, Error };

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(Type type, const QString &text, const QString &details = {});
    /// `what` says what was being done: "Saving item p1".
    void showError(const Cosmos::CosmosError &error, const QString &what = {});
    void dismiss();

    Type type() const { return m_type; }
    QString text() const;
    QString details() const;

    static QString describe(const Cosmos::CosmosError &error);
    static QString detailsOf(const Cosmos::CosmosError &error);

Q_SIGNALS:
    void dismissed();

private:
    void applyColors();

    Type m_type = Type::Information;
    QLabel *m_icon;
    QLabel *m_text;
    QLabel *m_details;
    QToolButton *m_detailsButton;
    QToolButton *m_closeButton;
};

} // namespace Cosmoscope
