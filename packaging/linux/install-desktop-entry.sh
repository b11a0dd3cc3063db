#!/bin/sh
# Put InvoiceDesk (发票台账助手) in the desktop's application menu for this user: the desktop
# entry pointing at this folder's program, and the icons. Run it again after moving the folder;
# remove with: ./install-desktop-entry.sh --remove
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
resources="$here/_internal/invoicedesk/resources"
entry="$data/applications/invoicedesk.desktop"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry" "$data"/icons/hicolor/*/apps/invoicedesk.png "$data/icons/hicolor/scalable/apps/invoicedesk.svg"
  echo "Removed the desktop entry and icons."
  exit 0
fi

mkdir -p "$data/applications" "$data/icons/hicolor/scalable/apps"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$resources/icons/invoicedesk-$size.png" "$data/icons/hicolor/${size}x${size}/apps/invoicedesk.png"
done
cp "$resources/icons/invoicedesk.svg" "$data/icons/hicolor/scalable/apps/invoicedesk.svg"
sed "s|^Exec=.*|Exec=\"$here/invoicedesk\"|" "$resources/linux/invoicedesk.desktop" > "$entry"
chmod 644 "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "发票台账助手 is in the application menu now ($entry)."
