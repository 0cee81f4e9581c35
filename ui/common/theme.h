#pragma once

#include <QColor>
#include <QObject>

class QPalette;
class QsciScintilla;

namespace Cosmoscope {

/// The application's colour scheme: System (follows the desktop: dark when the desktop's
/// palette is dark), Light or Dark (Fusion with a palette of our own). Editors restyle on
/// changed(); icons, the grid's secondary text and the message bar take their colours from the
/// application palette when painted, so the repaint that follows a switch recolours them.
class Theme : public QObject
{
    Q_OBJECT
public:
    enum class Mode { System, Light, Dark };

    static Theme *instance();

    Mode mode() const { return m_mode; }
    /// Applies `mode` to the application (palette and style); signals changed().
    void setMode(Mode mode);
    bool isDark() const { return m_dark; }

    static QString modeName(Mode mode); ///< "system", "light", "dark"
    static Mode modeFromName(const QString &name);

    /// Colours a QScintilla editor and its lexer for the current scheme: paper of every style,
    /// text colours (lightness turned over in dark), margins, caret line, folding margin.
    static void styleEditor(QsciScintilla *editor);

    /// The WCAG 2 contrast ratio of two colours (alpha ignored), from 1 to 21.
    static double contrastRatio(const QColor &a, const QColor &b);
    /// `over` moved a share `amount` (0 … 1) of the way towards `colour`.
    static QColor mix(const QColor &over, const QColor &colour, double amount);
    /// Secondary text (the grid's {n fields} cells): between Text and Base, as far from Text
    /// as keeps a contrast of 4.5:1 against both Base and AlternateBase.
    static QColor mutedText(const QPalette &palette);

Q_SIGNALS:
    void changed(bool dark);

private:
    Theme();

    Mode m_mode = Mode::System;
    bool m_dark = false;
    bool m_captured = false;
    QString m_systemStyle;
};

} // namespace Cosmoscope
