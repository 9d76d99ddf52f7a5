import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useRef, useState } from 'react';
import { PHOTO_MAX_COUNT } from '../../../shared/grid.js';
import { errorMessage } from '../../app/api.js';
import { type PhotoData, photoFromFile } from './meta.js';

/** Camera one tap away: photos are compressed on the phone and kept as base64 until the form is sent. */
export function PhotoPicker({
  value = [],
  onChange,
}: {
  value?: PhotoData[];
  onChange?: (next: PhotoData[]) => void;
}) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const room = PHOTO_MAX_COUNT - value.length;

  const pick = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const chosen = Array.from(files).slice(0, room);
    if (files.length > room) message.warning(`照片最多 ${PHOTO_MAX_COUNT} 张，多出的未添加`);
    setBusy(true);
    try {
      const next: PhotoData[] = [];
      for (const file of chosen) next.push(await photoFromFile(file));
      onChange?.([...value, ...next]);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="anju-grid-photos">
      {value.map((p, i) => (
        <div className="anju-grid-thumb" key={`${p.data.length}-${p.data.slice(-32)}`}>
          <img src={`data:image/jpeg;base64,${p.data}`} alt={p.name} />
          <button
            type="button"
            aria-label="删除照片"
            onClick={() => onChange?.(value.filter((_, j) => j !== i))}
          >
            <CloseOutlined />
          </button>
        </div>
      ))}
      {room > 0 && (
        <Button
          className="anju-grid-add-photo"
          icon={<CameraOutlined />}
          loading={busy}
          onClick={() => input.current?.click()}
        >
          拍照 {value.length}/{PHOTO_MAX_COUNT}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        onChange={(e) => pick(e.target.files)}
      />
    </div>
  );
}
