// Setup for the browser-gpu project: viewports draw through WebGL even where it is emulated.
import { chooseRenderer } from '../../src/imaging/cornerstone';

chooseRenderer('gpu');
