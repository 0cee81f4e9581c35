#pragma once

#include <cosmoserror.h>

#include <QFrame>

#include <functional>

QT_BEGIN_NAMESPACE
class QLabel;
class QToolButton;
QT_END_NAMESPACE

namespace Cosmoscope {

/// A non-modal coloured bar above the content, like KMessageWidget: an icon, the message,
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
    /// A 403/5301 (missing data-plane role) or 5300 of an Entra connection offers a
    /// "Role assignments…" button that calls `handler` with the bar (the main window opens the
    /// RBAC dialog of the bar's account). Process-wide; empty: no button.
    static void setRoleAssignmentsHandler(std::function<void(MessageBar *)> handler);
    static QString detailsOf(const Cosmos::CosmosError &error);

    /// The bar's background: the palette's window tinted with the message type's colour.
    QColor backgroundColor() const;

Q_SIGNALS:
    void dismissed();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Type m_type = Type::Information;
    QLabel *m_icon;
    QLabel *m_text;
    QLabel *m_details;
    QToolButton *m_detailsButton;
    QToolButton *m_closeButton;
    QToolButton *m_roleButton = nullptr;
};

} // namespace Cosmoscope
